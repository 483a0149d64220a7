package org.tijori.issuer;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An attacker who saw an issuer's request go by, as the review did (issue 13, defect 4): DigiLocker's form
 * credential is taken once, whatever the replay asks for; Tijori's own endpoints take a MAC over every value and a
 * nonce used once, and never a credential in the query string. Every refusal leaves things as they were.
 */
@IssuerTestContext
class IssuerCredentialReplayTests {

    static final String BULK = "/public/issuer/issuedoc/1/bulk";

    static final String STATUS = "/public/issuer/1/status";

    static final String AARAV = "999941057058";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    JdbcClient jdbc;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void refusesAnObservedPushUriCredentialSentAgainWithOtherFieldsAndLeavesTheLockerAsItWas() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = newResident();
        Map<String, String> observed = issuer.form(pushFields(issuer, resident, "P1", "A"));
        HttpResponse<String> pushed = http().postForm("/public/account/1/pushuri", observed);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);

        Map<String, String> planted = new LinkedHashMap<>(pushFields(issuer, resident, "P2", "A"));
        planted.put("description", "Planted by someone else");
        planted.putAll(credentialOf(observed));
        HttpResponse<String> replayed = http().postForm("/public/account/1/pushuri", planted);
        Map<String, String> deleted = new LinkedHashMap<>(pushFields(issuer, resident, "P1", "D"));
        deleted.putAll(credentialOf(observed));
        HttpResponse<String> deleting = http().postForm("/public/account/1/pushuri", deleted);
        HttpResponse<String> again = http().postForm("/public/account/1/pushuri", observed);

        for (HttpResponse<String> refused : List.of(replayed, deleting, again)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("\"error\":\"replayed_request\"", "each is taken once");
        }
        assertThat(documents.deliveredTo(resident.id())).extracting(document -> document.uri().toString())
                .containsExactly(issuer.issuerId + "-HSCER-P1");
        assertThat(documents.deliveredTo(resident.id())).extracting(IssuedDocument::status)
                .containsExactly(DocumentStatus.ACTIVE);
    }

    @Test
    void refusesAnObservedVerifyCredentialSentAgainHereOrOnThePushUri() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = newResident();
        Map<String, String> observed = issuer.form(Map.of("mobile", resident.mobile().value()));
        HttpResponse<String> asked = http().postForm("/public/account/2/verify", observed);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        assertThat(asked.body()).contains("\"registered\":\"true\"");

        HttpResponse<String> again = http().postForm("/public/account/2/verify", observed);
        Map<String, String> shouted = new LinkedHashMap<>(observed);
        shouted.put("hmac", observed.get("hmac").toUpperCase(java.util.Locale.ROOT));
        HttpResponse<String> upperCase = http().postForm("/public/account/2/verify", shouted);
        Map<String, String> elsewhere = new LinkedHashMap<>(pushFields(issuer, resident, "V1", "A"));
        elsewhere.putAll(credentialOf(observed));
        HttpResponse<String> pushing = http().postForm("/public/account/1/pushuri", elsewhere);

        for (HttpResponse<String> refused : List.of(again, upperCase, pushing)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("\"error\":\"replayed_request\"").doesNotContain("digilockerid");
        }
        assertThat(documents.deliveredTo(resident.id())).isEmpty();
    }

    @Test
    void takesOneOfManyConcurrentRequestsWithTheSameCredential() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = newResident();
        Map<String, String> observed = issuer.form(Map.of("mobile", resident.mobile().value()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> sends = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sends.add(() -> http().postForm("/public/account/2/verify", observed).statusCode());
            }
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(sends)) {
                answers.add(answer.get());
            }
            assertThat(answers).filteredOn(status -> status == 200).hasSize(1);
            assertThat(answers).filteredOn(status -> status == 400).hasSize(7);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAStatusChangeSentAgainWithItsNonceAndLeavesTheStatusAsItWas() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = newResident();
        String uri = pushByLocker(issuer, resident, "S1");
        Map<String, String> revoke = issuer.statusForm(uri, "revoked", "Withheld");
        assertThat(http().postForm(STATUS, revoke).statusCode()).isEqualTo(200);
        HttpResponse<String> reinstated = http().postForm(STATUS, issuer.statusForm(uri, "active", null));
        assertThat(reinstated.statusCode()).as(reinstated.body()).isEqualTo(200);

        HttpResponse<String> replayed = http().postForm(STATUS, revoke);

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(401);
        assertThat(replayed.body()).contains("\"error\":\"replayed_nonce\"");
        assertThat(statusOf(resident, uri)).isEqualTo(DocumentStatus.ACTIVE);
    }

    @Test
    void refusesAStatusChangeWhoseMacCoversAnotherUriStatusOrReason() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = newResident();
        String signed = pushByLocker(issuer, resident, "M1");
        String other = pushByLocker(issuer, resident, "M2");
        Map<String, String> suspend = issuer.statusForm(signed, "suspended", "Under review");

        Map<String, String> otherUri = new LinkedHashMap<>(suspend);
        otherUri.put("uri", other);
        Map<String, String> otherStatus = new LinkedHashMap<>(suspend);
        otherStatus.put("status", "revoked");
        Map<String, String> otherReason = new LinkedHashMap<>(suspend);
        otherReason.put("reason", "Forged");
        Map<String, String> noReason = new LinkedHashMap<>(suspend);
        noReason.remove("reason");
        for (Map<String, String> forged : List.of(otherUri, otherStatus, otherReason, noReason)) {
            HttpResponse<String> refused = http().postForm(STATUS, forged);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.body()).contains("\"error\":\"invalid_hmac\"");
        }
        assertThat(statusOf(resident, signed)).isEqualTo(DocumentStatus.ACTIVE);
        assertThat(statusOf(resident, other)).isEqualTo(DocumentStatus.ACTIVE);

        HttpResponse<String> genuine = http().postForm(STATUS, suspend);
        assertThat(genuine.statusCode()).as("a forgery does not spend the nonce: " + genuine.body()).isEqualTo(200);
        assertThat(statusOf(resident, signed)).isEqualTo(DocumentStatus.SUSPENDED);
        assertThat(statusOf(resident, other)).isEqualTo(DocumentStatus.ACTIVE);
    }

    @Test
    void refusesAStatusChangeWithATimestampOutsideTheLifetime() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = newResident();
        String uri = pushByLocker(issuer, resident, "T1");
        String stale = String.valueOf(Instant.now().minus(Duration.ofMinutes(31)).getEpochSecond());
        String ahead = String.valueOf(Instant.now().plus(Duration.ofMinutes(5)).getEpochSecond());

        for (String ts : List.of(stale, ahead)) {
            HttpResponse<String> refused = http().postForm(STATUS, issuer.statusForm(uri, "revoked", null, ts,
                    TestIssuer.newNonce()));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.body()).contains("\"error\":\"expired_request\"", "30 minutes");
        }
        assertThat(statusOf(resident, uri)).isEqualTo(DocumentStatus.ACTIVE);
    }

    @Test
    void refusesAStatusChangeWhoseNonceIsNotSixteenToSixtyFourLettersAndDigits() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = newResident();
        String uri = pushByLocker(issuer, resident, "N1");
        String ts = String.valueOf(Instant.now().getEpochSecond());

        for (String nonce : List.of("", "abc123", "a".repeat(65), "0123456789-abcdef")) {
            HttpResponse<String> refused = http().postForm(STATUS, issuer.statusForm(uri, "revoked", null, ts, nonce));
            assertThat(refused.statusCode()).as(nonce + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("\"error\":\"invalid_parameter\"",
                    "nonce must be 16 to 64 letters and digits");
        }
        Map<String, String> withoutNonce = issuer.statusForm(uri, "revoked", null);
        withoutNonce.remove("nonce");
        assertThat(http().postForm(STATUS, withoutNonce).body()).contains("nonce must be 16 to 64 letters and digits");
        assertThat(statusOf(resident, uri)).isEqualTo(DocumentStatus.ACTIVE);
        assertThat(http().postForm(STATUS, issuer.statusForm(uri, "revoked", null, ts, "a".repeat(64))).statusCode())
                .as("64 letters are a nonce").isEqualTo(200);
    }

    @Test
    void refusesBulkRequestsThatCarryACredentialInTheQueryString() throws Exception {
        TestIssuer issuer = approvedIssuer();
        byte[] zip = zipOf(issuer, 1, "Q");
        Map<String, String> form = issuer.form(Map.of());
        String query = "?clientid=" + issuer.clientId + "&ts=" + form.get("ts") + "&hmac=" + form.get("hmac");

        HttpResponse<String> oldStyle = http().post(BULK + query, "application/zip", zip);
        HttpResponse<String> signedToo = http().post(BULK + "?hmac=00", "application/zip", zip,
                issuer.signedHeaders("POST", BULK, zip));
        String progress = BULK + "/" + java.util.UUID.randomUUID();
        HttpResponse<String> reading = http().get(progress + query);
        HttpResponse<String> report = http().get(progress + "/report?HMAC=00",
                issuer.signedHeaders("GET", progress + "/report", null));

        for (HttpResponse<String> refused : List.of(oldStyle, signedToo, reading, report)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("\"error\":\"credentials_in_query\"", "x-tijori-hmac");
        }
        assertThat(count("issuer_bulk where issuer_id = '" + issuer.issuerId + "'")).isZero();
    }

    @Test
    void takesBulkRequestsSignedByTheirHeadersAndRefusesAReadSentAgainWithItsNonce() throws Exception {
        TestIssuer issuer = approvedIssuer();
        byte[] zip = zipOf(issuer, 2, "H");
        HttpResponse<String> accepted = http().post(BULK, "application/zip", zip, issuer.signedHeaders("POST", BULK, zip));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String progress = BULK + "/" + TestIssuer.field(accepted.body(), "bulkId");
        await().atMost(Duration.ofMinutes(1)).until(() -> http().get(progress, issuer.signedHeaders("GET", progress, null))
                .body().contains("\"status\":\"DONE\""));

        String[] observed = issuer.signedHeaders("GET", progress, null);
        HttpResponse<String> read = http().get(progress, observed);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("\"published\":2");
        HttpResponse<String> again = http().get(progress, observed);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(401);
        assertThat(again.body()).contains("\"error\":\"replayed_nonce\"");

        HttpResponse<String> otherPath = http().get(progress + "/report", issuer.signedHeaders("GET", progress, null));
        assertThat(otherPath.statusCode()).as("the MAC covers the path").isEqualTo(401);
        assertThat(otherPath.body()).contains("\"error\":\"invalid_hmac\"");
        HttpResponse<String> bodied = http().get(progress, issuer.signedHeaders("GET", progress, zip));
        assertThat(bodied.statusCode()).as(bodied.body()).isEqualTo(400);
        assertThat(bodied.body()).contains("SHA-256 of nothing");
        HttpResponse<String> report = http().get(progress + "/report", issuer.signedHeaders("GET", progress + "/report",
                null));
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body().lines()).hasSize(3);
    }

    @Test
    void refusesAnUploadWhoseBodyIsNotTheOneSignedAndKeepsNothingOfIt() throws Exception {
        TestIssuer issuer = approvedIssuer();
        byte[] signed = zipOf(issuer, 2, "C");
        byte[] sent = zipOf(issuer, 3, "D");
        awaitIdle();
        long blobs = count("storage_blob");
        long intents = count("storage_blob_intent");

        HttpResponse<String> refused = http().post(BULK, "application/zip", sent, issuer.signedHeaders("POST", BULK,
                signed));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(refused.body()).contains("\"error\":\"invalid_content_sha256\"");
        assertThat(count("issuer_bulk where issuer_id = '" + issuer.issuerId + "'")).as("no upload row").isZero();
        assertThat(count("storage_blob")).as("no blob").isEqualTo(blobs);
        assertThat(count("storage_blob_intent")).as("no blob left to collect").isEqualTo(intents);
        assertThat(count("issuer_document where issuer_id = '" + issuer.issuerId + "'")).isZero();
    }

    private static Map<String, String> credentialOf(Map<String, String> form) {
        return Map.of("clientid", form.get("clientid"), "ts", form.get("ts"), "hmac", form.get("hmac"));
    }

    private static Map<String, String> pushFields(TestIssuer issuer, ResidentAccount resident, String docId,
            String action) {
        return Map.of("digilockerid", resident.lockerId().toString(), "uri", issuer.issuerId + "-HSCER-" + docId,
                "doctype", "HSCER", "description", "Marksheet", "docid", docId, "issuedate", "15052014",
                "action", action);
    }

    private String pushByLocker(TestIssuer issuer, ResidentAccount resident, String docId) throws Exception {
        HttpResponse<String> pushed = http().postForm("/public/account/1/pushuri",
                issuer.form(pushFields(issuer, resident, docId, "A")));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        return issuer.issuerId + "-HSCER-" + docId;
    }

    private DocumentStatus statusOf(ResidentAccount resident, String uri) {
        return documents.deliveredTo(resident.id()).stream().filter(document -> document.uri().toString().equals(uri))
                .findFirst().orElseThrow().status();
    }

    /**
     * A ZIP of {@code files} signed pushes, each a document of its own, into a new resident's locker: by locker ID,
     * so that no document waits for a national ID that another test class of this context links.
     */
    private byte[] zipOf(TestIssuer issuer, int files, String prefix) throws Exception {
        String locker = "<DigiLockerId>" + newResident().lockerId() + "</DigiLockerId>";
        var zipped = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(zipped)) {
            for (int i = 0; i < files; i++) {
                zip.putNextEntry(new ZipEntry("push-" + i + ".xml"));
                zip.write(issuer.pushRequest(locker, "HSCER", prefix + i, "A",
                        issuer.signedCertificate("HSCER", prefix + i, AARAV, "Aarav Sharma"), TestIssuer.now(),
                        TestIssuer.newTxn()).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return zipped.toByteArray();
    }

    /** Waits until no upload is being published: counts of blobs must not move for another reason. */
    private void awaitIdle() {
        await().atMost(Duration.ofMinutes(3)).until(() -> count("issuer_bulk where status in ('QUEUED', 'RUNNING')") == 0);
    }

    private TestIssuer approvedIssuer() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.replay" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        return issuer.registerAndApprove(http(), issuer.registrationJson("HSCER"), IssuerPushTests.TOKEN);
    }

    private ResidentAccount newResident() {
        int n = residents.incrementAndGet();
        return accounts.signUp(new MobileNumber(String.valueOf(7_400_000_000L + n)), "replayed" + n,
                "a long and unusual phrase");
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
