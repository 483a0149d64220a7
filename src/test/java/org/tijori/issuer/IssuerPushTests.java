package org.tijori.issuer;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditTrail;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.intake.IssuerRequestAuthentication;
import org.tijori.issuer.ledger.IssuedDocumentLedger;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issuers over HTTP, as their systems would call Tijori: registration and approval, then pushes of
 * signed Certificate XML that land in the right locker, wait for a national ID to be linked, get new
 * versions and deletions; and every way a push must be refused, leaving nothing behind. Shares its
 * Spring context with {@link IssuerPortalTests} (same properties).
 */
@IssuerTestContext
class IssuerPushTests {

    static final String TOKEN = "issuer-tests-bootstrap-token-0123456789";

    static final String PUSH = "/public/issuer/issuedoc/1/xml";

    /** People of the demo ID registry. */
    static final String AARAV = "999941057058";

    static final String PRIYA = "999952601814";

    static final String IRFAN = "999959083016";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    NationalIdLinks links;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IssuedDocumentLedger ledger;

    @Autowired
    org.tijori.storage.BlobVault vault;

    @Autowired
    org.tijori.TijoriProperties tijori;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void registersAnIssuerThatPublishesOnlyOnceApprovedWithCredentialsShownOnce() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.board" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));

        HttpResponse<String> registered = http().postJson("/api/v1/issuers/registrations", issuer.registrationJson("HSCER"));
        assertThat(registered.statusCode()).isEqualTo(202);
        assertThat(registered.body()).contains("\"status\":\"PENDING\"").contains("registrationId");

        HttpResponse<String> anonymous = http().post("/api/v1/admin/issuers/" + issuer.issuerId + "/approve",
                "application/json", new byte[0]);
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> approved = admin("/api/v1/admin/issuers/" + issuer.issuerId + "/approve");
        assertThat(approved.statusCode()).isEqualTo(200);
        issuer.credentialsFrom(approved.body());
        assertThat(issuer.clientId).hasSize(10);
        assertThat(issuer.clientSecret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(issuer.apiKey).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(issuer.clientSecret);

        HttpResponse<String> again = admin("/api/v1/admin/issuers/" + issuer.issuerId + "/approve");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).doesNotContain(issuer.clientSecret).contains("approved");

        byte[] sealedSecret = jdbc.sql("select client_secret_sealed from issuer_issuer where issuer_id = ?")
                .param(issuer.issuerId).query(byte[].class).single();
        assertThat(new String(sealedSecret, StandardCharsets.ISO_8859_1)).doesNotContain(issuer.clientSecret);
        String everyColumn = jdbc.sql("select i::text from issuer_issuer i where issuer_id = ?").param(issuer.issuerId)
                .query(String.class).single();
        assertThat(everyColumn).doesNotContain(issuer.clientSecret).doesNotContain(issuer.apiKey);
        await().untilAsserted(() -> assertThat(trail.about(issuer.issuerId, 10)).extracting(e -> e.action())
                .contains("issuer.IssuerRegistered", "issuer.IssuerApproved"));
    }

    @Test
    void deliversAPushedDocumentToTheLockerOfTheResidentWhoLinkedItsNationalId() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        ResidentAccount resident = residentWithNationalId(AARAV);
        byte[] certificate = issuer.signedCertificate("HSCER", "2014123456", AARAV, "Aarav Sharma");

        HttpResponse<String> pushed = push(issuer, issuer.pushRequest(AARAV, "HSCER", "2014123456", "A", certificate));

        assertThat(pushed.statusCode()).isEqualTo(200);
        String uri = issuer.issuerId + "-HSCER-2014123456";
        assertThat(pushed.body()).contains("<ResponseStatus Status=\"1\" ts=\"").contains(">1</ResponseStatus>")
                .contains("<URI>" + uri + "</URI>");
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id())))
                .singleElement().satisfies(document -> {
            assertThat(document.uri().toString()).isEqualTo(uri);
            assertThat(document.version()).isEqualTo(1);
            assertThat(document.status()).isEqualTo(DocumentStatus.ACTIVE);
            assertThat(document.docName()).isEqualTo("Class XII Marksheet");
            assertThat(document.issuedOn()).hasToString("2014-05-15");
            assertThat(document.deliveredAt()).isNotNull();
            assertThat(document.signer()).contains("CN=Board");
        });
        byte[] stored;
        try (InputStream in = documents.openXml(resident.id(), DocumentUri.parse(uri)).orElseThrow()) {
            stored = in.readAllBytes();
        }
        assertThat(stored).isEqualTo(certificate);
        assertVerifiesWithXmlsec1(stored, issuer);
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 10)).extracting(e -> e.action())
                .contains("issuer.DocumentDelivered"));
    }

    @Test
    void parksADocumentUntilTheResidentLinksItsNationalId() throws Exception {
        TestIssuer issuer = approvedIssuer("DRVLC");
        byte[] certificate = issuer.signedCertificate("DRVLC", "DL-0420110012345", PRIYA, "Priya Nair");

        HttpResponse<String> pushed = push(issuer, issuer.pushRequest(PRIYA, "DRVLC", "DL-0420110012345", "A",
                certificate));
        assertThat(pushed.statusCode()).isEqualTo(200);
        String uri = issuer.issuerId + "-DRVLC-DL-0420110012345";
        assertThat(jdbc.sql("select count(*) from issuer_document where uri = ? and account_id is null").param(uri)
                .query(Integer.class).single()).isEqualTo(1);

        ResidentAccount resident = residentWithNationalId(PRIYA);

        await().untilAsserted(() -> assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id())))
                .extracting(d -> d.uri().toString())
                .containsExactly(uri));
    }

    @Test
    void keepsEveryVersionAndRemovesADeletedDocumentFromTheLocker() throws Exception {
        TestIssuer issuer = approvedIssuer("INCER");
        ResidentAccount resident = residentWithNationalId(IRFAN);
        DocumentUri uri = DocumentUri.parse(issuer.issuerId + "-INCER-IC2026001");

        assertThat(push(issuer, issuer.pushRequest(IRFAN, "INCER", "IC2026001", "A",
                issuer.signedCertificate("INCER", "IC2026001", IRFAN, "Mohammed Irfan Qureshi"))).statusCode()).isEqualTo(200);
        HttpResponse<String> again = push(issuer, issuer.pushRequest(IRFAN, "INCER", "IC2026001", "A",
                issuer.signedCertificate("INCER", "IC2026001", IRFAN, "Mohammed Irfan Qureshi")));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("<ResponseStatus Status=\"0\"/>").contains("code=\"uri_exists\"");

        HttpResponse<String> updated = push(issuer, issuer.pushRequest(IRFAN, "INCER", "IC2026001", "U",
                issuer.signedCertificate("INCER", "IC2026001", IRFAN, "Mohammed Irfan Qureshi")));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(documents.versions(uri)).extracting(IssuedDocument::version, IssuedDocument::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, DocumentStatus.ACTIVE),
                        org.assertj.core.groups.Tuple.tuple(1, DocumentStatus.SUPERSEDED));
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id())))
                .extracting(IssuedDocument::version).containsExactly(2);

        HttpResponse<String> deleted = push(issuer, issuer.pushRequest(IRFAN, "INCER", "IC2026001", "D", null));
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id()))).isEmpty();
        assertThat(documents.versions(uri)).extracting(IssuedDocument::status)
                .containsExactly(DocumentStatus.DELETED, DocumentStatus.SUPERSEDED);

        HttpResponse<String> deletedAgain = push(issuer, issuer.pushRequest(IRFAN, "INCER", "IC2026001", "D", null));
        assertThat(deletedAgain.statusCode()).isEqualTo(404);
        assertThat(deletedAgain.body()).contains("code=\"uri_not_found\"");
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 20)).extracting(e -> e.action())
                .contains("issuer.DocumentDelivered", "issuer.DocumentWithdrawn"));
    }

    @Test
    void refusesEveryPushItCannotTrustAndKeepsNothingOfIt() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        TestIssuer other = approvedIssuer("SSCER");
        byte[] good = issuer.signedCertificate("HSCER", "R1", AARAV, "Aarav Sharma");
        long documentsBefore = count("issuer_document");
        long blobsBefore = count("storage_blob");

        String body = issuer.pushRequest(AARAV, "HSCER", "R1", "A", good);
        assertRefused(http().post(PUSH, "application/xml", bytes(body)), 401, "invalid_hmac");
        assertRefused(http().post(PUSH, "application/xml", bytes(body), "x-digilocker-hmac", other.hmac(body)), 401,
                "invalid_hmac");

        String stale = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(31).withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertRefused(push(issuer, issuer.pushRequest("<Aadhaar>" + AARAV + "</Aadhaar>", "HSCER", "R1", "A", good,
                stale, TestIssuer.newTxn())), 401, "expired_request");
        String future = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5).withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertRefused(push(issuer, issuer.pushRequest("<Aadhaar>" + AARAV + "</Aadhaar>", "HSCER", "R1", "A", good,
                future, TestIssuer.newTxn())), 401, "expired_request");

        String wrongKeyhash = issuer.pushRequest(AARAV, "HSCER", "R1", "A", good).replaceFirst("keyhash=\"[0-9a-f]+\"",
                "keyhash=\"" + "0".repeat(64) + "\"");
        assertRefused(push(issuer, wrongKeyhash), 401, "invalid_keyhash");

        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
                + "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><PushUriRequest orgId=\"" + issuer.issuerId
                + "\">&lol2;</PushUriRequest>";
        assertRefused(push(issuer, billionLaughs), 400, "invalid_xml");

        byte[] xxe = ("<?xml version=\"1.0\"?><!DOCTYPE Certificate [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + TestIssuer.certificateXml("HSCER", "R1", AARAV, "&x;")).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> entity = push(issuer, issuer.pushRequest(AARAV, "HSCER", "R1", "A", xxe));
        assertRefused(entity, 400, "invalid_certificate");
        assertThat(entity.body()).doesNotContain("root:");

        byte[] altered = new String(good, StandardCharsets.UTF_8).replace("percentage=\"88.2\"", "percentage=\"98.2\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(altered).isNotEqualTo(good);
        assertRefused(push(issuer, issuer.pushRequest(AARAV, "HSCER", "R1", "A", altered)), 400, "invalid_signature");

        byte[] signedByAnother = other.signedCertificate("HSCER", "R1", AARAV, "Aarav Sharma");
        assertRefused(push(issuer, issuer.pushRequest(AARAV, "HSCER", "R1", "A", signedByAnother)), 400,
                "invalid_signature");
        assertRefused(push(issuer, issuer.pushRequest(AARAV, "HSCER", "R1", "A",
                TestIssuer.certificateXml("HSCER", "R1", AARAV, "Aarav Sharma").getBytes(StandardCharsets.UTF_8))),
                400, "invalid_signature");

        assertRefused(push(issuer, issuer.pushRequest(AARAV, "SSCER", "R1", "A",
                issuer.signedCertificate("SSCER", "R1", AARAV, "Aarav Sharma"))), 403, "invalid_doctype");
        assertRefused(push(issuer, issuer.pushRequest("999941057059", "HSCER", "R1", "A", good)), 400,
                "invalid_aadhaar");
        assertRefused(push(issuer, issuer.pushRequest("<DigiLockerId>" + java.util.UUID.randomUUID() + "</DigiLockerId>",
                "HSCER", "R1", "A", good, TestIssuer.now(), TestIssuer.newTxn())), 400, "invalid_digilocker_id");
        // A Certificate of another doc type; its number need not be the DocId (issue 14), its type must be the DocType.
        assertRefused(push(issuer, issuer.pushRequest(AARAV, "HSCER", "R1", "A",
                issuer.signedCertificate("SSCER", "R1", AARAV, "Aarav Sharma"))), 400, "invalid_certificate");
        assertRefused(push(issuer, issuer.pushRequest(PRIYA, "HSCER", "R1", "A", good)), 400, "invalid_certificate");

        String replayed = issuer.pushRequest(AARAV, "HSCER", "R1", "A", good);
        assertThat(push(issuer, replayed).statusCode()).isEqualTo(200);
        long documentsAccepted = count("issuer_document");
        long blobsAccepted = count("storage_blob");
        assertRefused(push(issuer, replayed), 409, "duplicate_txn");

        HttpResponse<String> oversized = http().post(PUSH, "application/xml", new byte[300 * 1024],
                "x-digilocker-hmac", issuer.hmac("x"));
        assertRefused(oversized, 413, "request_too_large");

        assertThat(documentsAccepted).isEqualTo(documentsBefore + 1);
        assertThat(blobsAccepted).isEqualTo(blobsBefore + 1);
        assertThat(count("issuer_document")).isEqualTo(documentsAccepted);
        assertThat(count("storage_blob")).isEqualTo(blobsAccepted);
        assertThat(jdbc.sql("select code from issuer_push_refusal where issuer_id = ?").param(issuer.issuerId)
                .query(String.class).list())
                .as("refusals after the issuer proved itself, for its portal; not those that did not prove it")
                .contains("expired_request", "invalid_keyhash", "invalid_signature", "invalid_doctype",
                        "invalid_aadhaar", "duplicate_txn")
                .doesNotContain("invalid_hmac", "request_too_large", "invalid_xml");
        await().untilAsserted(() -> assertThat(trail.about(issuer.issuerId, 50)).extracting(e -> e.action())
                .contains("issuer.PushRefused"));
    }

    @Test
    void aSuspendedIssuerCannotPublishAndRotatedCredentialsReplaceTheOldOnes() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        byte[] certificate = issuer.signedCertificate("HSCER", "S1", AARAV, "Aarav Sharma");
        String oldSecret = issuer.clientSecret;
        // Accepted first, so that the credentials read for it are the ones a stale copy would keep.
        assertThat(push(issuer, issuer.pushRequest(AARAV, "HSCER", "S0", "A",
                issuer.signedCertificate("HSCER", "S0", AARAV, "Aarav Sharma"))).statusCode()).isEqualTo(200);

        HttpResponse<String> rotated = admin("/api/v1/admin/issuers/" + issuer.issuerId + "/credentials");
        assertThat(rotated.statusCode()).isEqualTo(200);
        issuer.credentialsFrom(rotated.body());
        assertThat(issuer.clientSecret).isNotEqualTo(oldSecret);
        String body = issuer.pushRequest(AARAV, "HSCER", "S1", "A", certificate);
        String oldHmac = java.util.Base64.getEncoder().encodeToString(IssuerRequestAuthentication.hmac(bytes(body),
                bytes(oldSecret)));
        assertRefused(http().post(PUSH, "application/xml", bytes(body), "x-digilocker-hmac", oldHmac), 401,
                "invalid_hmac");

        assertThat(admin("/api/v1/admin/issuers/" + issuer.issuerId + "/suspend").statusCode()).isEqualTo(200);
        assertRefused(push(issuer, issuer.pushRequest(AARAV, "HSCER", "S1", "A", certificate)), 403,
                "issuer_not_active");
        assertThat(admin("/api/v1/admin/issuers/" + issuer.issuerId + "/suspend").statusCode()).isEqualTo(409);
    }

    @Test
    void acceptsOnlyTheNewCertificateOnceReplaced() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        TestIssuerKeys next = TestIssuerKeys.generateEc("Board 2027");
        byte[] signedBefore = issuer.signedCertificate("HSCER", "C1", AARAV, "Aarav Sharma");
        // Accepted first, so that the certificate read for it is the one a stale copy would keep.
        assertThat(push(issuer, issuer.pushRequest(AARAV, "HSCER", "C0", "A",
                issuer.signedCertificate("HSCER", "C0", AARAV, "Aarav Sharma"))).statusCode()).isEqualTo(200);

        HttpResponse<String> replaced = http().postJson("/api/v1/admin/issuers/" + issuer.issuerId + "/certificates",
                "{\"signingCertificatePem\":\"" + next.certificatePem().replace("\n", "\\n").replace("\r", "") + "\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(replaced.statusCode()).isEqualTo(200);

        assertRefused(push(issuer, issuer.pushRequest(AARAV, "HSCER", "C1", "A", signedBefore)), 400,
                "invalid_signature");
        TestIssuer renewed = new TestIssuer(issuer.issuerId, next);
        renewed.clientSecret = issuer.clientSecret;
        renewed.apiKey = issuer.apiKey;
        assertThat(push(renewed, renewed.pushRequest(AARAV, "HSCER", "C1", "A",
                renewed.signedCertificate("HSCER", "C1", AARAV, "Aarav Sharma"))).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesARegistrationThatIsWrongWithWhatWasWrong() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.check" + issuers.incrementAndGet(), TestIssuerKeys.generate("Check"));
        String good = issuer.registrationJson("HSCER");

        assertBadRegistration(good.replace(issuer.issuerId, "In-Gov"), "issuerId");
        assertBadRegistration(good.replace("\"state\"", "\"planet\""), "category");
        assertBadRegistration(good.replace("it@", "it-at-"), "contactEmail");
        assertBadRegistration(good.replace("https://", "ftp://"), "pullUriUrl");
        assertBadRegistration(good.replaceFirst("\"signingCertificatePem\":\"[^\"]+\"",
                "\"signingCertificatePem\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\""),
                "signingCertificatePem");
        assertBadRegistration(good.replace("\"HSCER\"", "\"hs-cer\""), "docTypes.code");
        assertBadRegistration(good.replace("\"rollno\"", "\"UID\""), "paramname");
        HttpResponse<String> malformed = http().postJson("/api/v1/issuers/registrations", "{\"issuerId\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(count("issuer_issuer where issuer_id = '" + issuer.issuerId + "'")).isZero();

        assertThat(http().postJson("/api/v1/issuers/registrations", good).statusCode()).isEqualTo(202);
        HttpResponse<String> twice = http().postJson("/api/v1/issuers/registrations", good);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("already registered");
    }

    @Test
    void pushesAUriIntoALockerNamedByItsLockerIdAsDigiLockerDoes() throws Exception {
        TestIssuer issuer = approvedIssuer("PANCR");
        ResidentAccount resident = newResident("locker");
        String uri = issuer.issuerId + "-PANCR-ABCPV1234D";
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>(java.util.Map.of(
                "digilockerid", resident.lockerId().toString(), "uri", uri, "doctype", "PANCR",
                "description", "PAN card", "docid", "ABCPV1234D", "issuedate", "01022020", "validfrom", "01022020",
                "action", "A"));

        HttpResponse<String> pushed = http().postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.body()).contains("\"uri\":\"" + uri + "\"");
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id())))
                .singleElement().satisfies(document -> {
            assertThat(document.uri().toString()).isEqualTo(uri);
            assertThat(document.docName()).isEqualTo("PAN card");
            assertThat(document.issuedOn()).hasToString("2020-02-01");
            assertThat(document.signer()).isNull();
        });

        HttpResponse<String> again = http().postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("\"error\":\"invalid_parameter\"", "URI already exists in this account");

        fields.put("digilockerid", java.util.UUID.randomUUID().toString());
        HttpResponse<String> unknown = http().postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"invalid_digilocker_id\"");

        fields.put("digilockerid", resident.lockerId().toString());
        java.util.Map<String, String> forged = issuer.form(fields);
        forged.put("hmac", "0".repeat(64));
        HttpResponse<String> badHmac = http().postForm("/public/account/1/pushuri", forged);
        assertThat(badHmac.statusCode()).isEqualTo(400);
        assertThat(badHmac.body()).contains("\"error\":\"invalid_parameter\"").contains("HMAC");

        java.util.Map<String, String> stranger = issuer.form(fields);
        stranger.put("clientid", "NOSUCHCLNT");
        HttpResponse<String> unknownClient = http().postForm("/public/account/1/pushuri", stranger);
        assertThat(unknownClient.statusCode()).isEqualTo(401);
        assertThat(unknownClient.body()).contains("\"error\":\"invalid_client_id\"");

        fields.put("uri", "in.gov.someoneelse-PANCR-ABCPV1234D");
        HttpResponse<String> notItsUri = http().postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(notItsUri.statusCode()).isEqualTo(400);
        assertThat(notItsUri.body()).contains("URI parameter");

        java.util.Map<String, String> unregistered = new java.util.LinkedHashMap<>(fields);
        unregistered.put("uri", issuer.issuerId + "-SSCER-ABCPV1234D");
        unregistered.put("doctype", "SSCER");
        HttpResponse<String> notRegistered = http().postForm("/public/account/1/pushuri", issuer.form(unregistered));
        assertThat(notRegistered.statusCode()).as(notRegistered.body()).isEqualTo(400);
        assertThat(notRegistered.body()).contains("\"error\":\"invalid_parameter\"",
                "Doctype parameter is missing or invalid");

        fields.put("uri", uri);
        fields.put("action", "D");
        assertThat(http().postForm("/public/account/1/pushuri", issuer.form(fields)).statusCode()).isEqualTo(200);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id()))).isEmpty();
    }

    @Test
    void refusesToChangeOrUpdateADeletedDocumentAndChangesNothingButLetsItBeAddedAnew() throws Exception {
        TestIssuer issuer = approvedIssuer("PANCR");
        ResidentAccount resident = newResident("deleted");
        String uri = issuer.issuerId + "-PANCR-DELPV1234D";
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>(java.util.Map.of(
                "digilockerid", resident.lockerId().toString(), "uri", uri, "doctype", "PANCR",
                "description", "PAN card", "docid", "DELPV1234D", "issuedate", "01022020", "action", "A"));
        assertThat(http().postForm("/public/account/1/pushuri", issuer.form(fields)).statusCode()).isEqualTo(200);
        fields.put("action", "D");
        assertThat(http().postForm("/public/account/1/pushuri", issuer.form(fields)).statusCode()).isEqualTo(200);
        var deleted = documents.versions(DocumentUri.parse(uri));
        assertThat(deleted).extracting(IssuedDocument::status).containsExactly(DocumentStatus.DELETED);

        for (String status : java.util.List.of("active", "revoked", "suspended")) {
            HttpResponse<String> changed = http().postForm("/public/issuer/1/status",
                    issuer.statusForm(uri, status, null));
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(404);
            assertThat(changed.body()).contains("\"error\":\"uri_not_found\"").contains("was deleted");
        }
        fields.put("action", "U");
        HttpResponse<String> updated = http().postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(404);
        assertThat(updated.body()).contains("\"error\":\"uri_not_found\"");
        assertThat(documents.versions(DocumentUri.parse(uri))).isEqualTo(deleted);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id()))).isEmpty();

        fields.put("action", "A");
        assertThat(http().postForm("/public/account/1/pushuri", issuer.form(fields)).statusCode()).isEqualTo(200);
        assertThat(documents.versions(DocumentUri.parse(uri))).extracting(IssuedDocument::version,
                IssuedDocument::status).containsExactly(org.assertj.core.groups.Tuple.tuple(2, DocumentStatus.ACTIVE),
                        org.assertj.core.groups.Tuple.tuple(1, DocumentStatus.DELETED));
    }

    @Test
    void tellsAnIssuerWhetherAMobileOrANationalIdHasALocker() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        ResidentAccount resident = newResident("verified");
        String mobile = resident.mobile().value();

        HttpResponse<String> byMobile = http().postForm("/public/account/2/verify",
                issuer.form(java.util.Map.of("mobile", mobile)));
        assertThat(byMobile.statusCode()).isEqualTo(200);
        assertThat(byMobile.body()).contains("\"registered\":\"true\"")
                .contains("\"digilockerid\":\"" + resident.lockerId() + "\"");

        HttpResponse<String> nobody = http().postForm("/public/account/2/verify",
                issuer.form(java.util.Map.of("mobile", "7099999999")));
        assertThat(nobody.body()).contains("\"registered\":\"false\"");

        String unlinkedUid = "999966131861";
        HttpResponse<String> byUid = http().postForm("/public/account/2/verify",
                issuer.form(java.util.Map.of("uid", unlinkedUid)));
        assertThat(byUid.body()).contains("\"registered\":\"false\"");

        HttpResponse<String> neither = http().postForm("/public/account/2/verify", issuer.form(java.util.Map.of()));
        assertThat(neither.statusCode()).isEqualTo(400);
        assertThat(neither.body()).contains("Either one of uid or mobile number is mandatory");

        java.util.Map<String, String> stale = issuer.form(java.util.Map.of("mobile", mobile),
                java.time.Instant.now().minus(java.time.Duration.ofMinutes(31)));
        HttpResponse<String> old = http().postForm("/public/account/2/verify", stale);
        assertThat(old.statusCode()).isEqualTo(400);
        assertThat(old.body()).contains("Timestamp");
    }

    @Test
    void rendersAPrintablePdfWithAVerificationCodeThatSaysWhenTheIssuerRevokedTheDocument() throws Exception {
        TestIssuer issuer = approvedIssuer("MRKSH");
        ResidentAccount resident = newResident("pdf");
        String uri = issuer.issuerId + "-MRKSH-PDF1";
        pushByLocker(issuer, resident, "MRKSH", "PDF1");

        String active = pdfText(resident, uri);
        assertThat(active).contains("Marksheet", "Aarav Sharma", "XXXX XXXX 7058", "Percentage: 88.2",
                "Verify this document", "URI: " + uri).doesNotContain("999941057058").doesNotContain("REVOKED");
        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        // The link carries Tijori's proof (ADR 22): a link without one led to a page that could not verify anything.
        assertThat(qrOf(resident, uri)).startsWith(base + "/verify/" + uri + "?p=ey");

        java.util.Map<String, String> revoke = issuer.statusForm(uri, "revoked", "Result withheld after re-evaluation");
        HttpResponse<String> revoked = http().postForm("/public/issuer/1/status", revoke);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id()))).extracting(IssuedDocument::status)
                .containsExactly(DocumentStatus.REVOKED);
        assertThat(pdfText(resident, uri)).contains("REVOKED by the issuer");

        java.util.Map<String, String> other = issuer.statusForm("in.gov.other-MRKSH-PDF1", "revoked", null);
        assertThat(http().postForm("/public/issuer/1/status", other).statusCode()).isEqualTo(404);
        java.util.Map<String, String> nonsense = issuer.statusForm(uri, "burnt", null);
        assertThat(http().postForm("/public/issuer/1/status", nonsense).statusCode()).isEqualTo(400);
    }

    @Test
    void allowsOneLiveVersionPerUriByTheSameRuleAsTheCode() {
        // The unique index of a landed migration spells the live rule too; it must stay the code's.
        String index = jdbc.sql("select indexdef from pg_indexes where indexname = 'issuer_document_live'")
                .query(String.class).single();
        for (DocumentStatus status : DocumentStatus.values()) {
            assertThat(index.contains("'" + status.name() + "'")).as(index).isEqualTo(status.isLive());
        }
    }

    @Test
    void keepsNoPdfDrawnForAStatusTheDocumentNoLongerHas() throws Exception {
        TestIssuer issuer = approvedIssuer("MRKSH");
        ResidentAccount resident = newResident("raced");
        String uri = issuer.issuerId + "-MRKSH-RACE1";
        pushByLocker(issuer, resident, "MRKSH", "RACE1");
        java.util.UUID id = documents.find(resident.id(), DocumentUri.parse(uri)).orElseThrow().id();
        // A PDF drawn while the document was active, whose request is still writing it back when the
        // issuer revokes the document.
        org.tijori.storage.StoredBlob drawnWhileActive = vault.store(new java.io.ByteArrayInputStream(
                "%PDF-1.7 drawn while active".getBytes(StandardCharsets.US_ASCII)));
        HttpResponse<String> revoked = http().postForm("/public/issuer/1/status",
                issuer.statusForm(uri, "revoked", "Withheld"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        assertThat(ledger.keepRendered(id, DocumentStatus.ACTIVE, drawnWhileActive)).isFalse();

        assertThat(jdbc.sql("select pdf_blob is null from issuer_document where id = ?").param(id)
                .query(Boolean.class).single()).isTrue();
        assertThat(pdfText(resident, uri)).contains("REVOKED by the issuer");
        assertThat(jdbc.sql("select pdf_blob is not null from issuer_document where id = ?").param(id)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void publishesAZipOfPushesInTheBackgroundWithAReportOfEveryFile() throws Exception {
        TestIssuer issuer = approvedIssuer("BULKD");
        TestIssuer other = approvedIssuer("BULKD");
        var zipped = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(zipped)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("pushes/"));
            for (int i = 0; i < 25; i++) {
                add(zip, "pushes/good-" + i + ".xml", issuer.pushRequest("<Aadhaar>" + AARAV + "</Aadhaar>", "BULKD",
                        "Z" + i, "A", issuer.signedCertificate("BULKD", "Z" + i, AARAV, "Aarav Sharma"),
                        "2020-01-01T10:00:00+05:30", "old-" + i));
            }
            add(zip, "pushes/garbage.xml", "this is not XML");
            add(zip, "pushes/unsigned.xml", issuer.pushRequest(AARAV, "BULKD", "U1", "A",
                    TestIssuer.certificateXml("BULKD", "U1", AARAV, "Aarav Sharma").getBytes(StandardCharsets.UTF_8)));
            add(zip, "pushes/not-its-type.xml", issuer.pushRequest(AARAV, "HSCER", "T1", "A",
                    issuer.signedCertificate("HSCER", "T1", AARAV, "Aarav Sharma")).replace("<DocType>HSCER",
                    "<DocType>SSCER"));
            add(zip, "=HYPERLINK(\"x\").xml", other.pushRequest(AARAV, "BULKD", "O1", "A",
                    other.signedCertificate("BULKD", "O1", AARAV, "Aarav Sharma")));
        }
        byte[] zip = zipped.toByteArray();
        String upload = "/public/issuer/issuedoc/1/bulk";

        HttpResponse<String> forged = http().post(upload, "application/zip", zip, issuer.signedHeaders("POST", upload,
                bytes("another ZIP")));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("invalid_content_sha256");
        String[] strangers = issuer.signedHeaders("POST", upload, zip);
        strangers[strangers.length - 1] = "0".repeat(64);
        HttpResponse<String> stranger = http().post(upload, "application/zip", zip, strangers);
        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThat(stranger.body()).contains("invalid_hmac");
        assertThat(count("issuer_bulk where issuer_id = '" + issuer.issuerId + "'")).isZero();

        HttpResponse<String> accepted = http().post(upload, "application/zip", zip,
                issuer.signedHeaders("POST", upload, zip));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String bulkId = TestIssuer.field(accepted.body(), "bulkId");
        HttpResponse<String> again = http().post(upload, "application/zip", zip,
                issuer.signedHeaders("POST", upload, zip));
        assertThat(again.statusCode()).isEqualTo(409);

        String progress = "/public/issuer/issuedoc/1/bulk/" + bulkId;
        await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                http().get(progress, issuer.signedHeaders("GET", progress, null)).body()).contains("\"status\":\"DONE\""));
        String done = http().get(progress, issuer.signedHeaders("GET", progress, null)).body();
        assertThat(done).contains("\"total\":29", "\"processed\":29", "\"published\":25", "\"refused\":4");
        assertThat(http().get(progress, other.signedHeaders("GET", progress, null)).statusCode()).isEqualTo(404);

        HttpResponse<String> report = http().get(progress + "/report", issuer.signedHeaders("GET", progress + "/report",
                null));
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment"));
        java.util.List<String> lines = report.body().lines().toList();
        assertThat(lines).hasSize(30);
        assertThat(lines.get(0)).isEqualTo("position,file,outcome,uri,code,reason");
        assertThat(lines.get(1)).startsWith("1,pushes/good-0.xml,published," + issuer.issuerId + "-BULKD-Z0,");
        assertThat(report.body()).contains("pushes/garbage.xml,refused,,invalid_xml",
                "pushes/unsigned.xml,refused,,invalid_signature", "pushes/not-its-type.xml,refused,,invalid_doctype",
                "\"'=HYPERLINK", "invalid_parameter");
        assertThat(documents.versions(DocumentUri.parse(issuer.issuerId + "-BULKD-Z24"))).hasSize(1);
        assertThat(count("issuer_bulk where zip_blob is not null and issuer_id = '" + issuer.issuerId + "'"))
                .as("the ZIP leaves the vault once done").isZero();
    }

    private static void add(java.util.zip.ZipOutputStream zip, String name, String content) throws Exception {
        zip.putNextEntry(new java.util.zip.ZipEntry(name));
        zip.write(bytes(content));
        zip.closeEntry();
    }

    @Test
    void printsADocTypeTheWayItsIssuersStylesheetSaysAndNeverLetsItReachOutside() throws Exception {
        TestIssuer issuer = approvedIssuer("STYLD");
        String xslt = """
                <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:template match="/Certificate">
                    <Rendering><Section heading="Result of the examination">
                      <Field label="Percentage obtained"><xsl:value-of select="CertificateData/Performance/@percentage"/></Field>
                      <Field label="Outcome"><xsl:value-of select="CertificateData/Performance/@result"/></Field>
                    </Section></Rendering>
                  </xsl:template>
                </xsl:stylesheet>""";
        String path = "/api/v1/admin/issuers/" + issuer.issuerId + "/doc-types/STYLD/xslt";
        assertThat(put(path.replace("/STYLD/", "/NOTOURS/"), xslt).statusCode()).as("a doc type it does not have")
                .isEqualTo(404);
        assertThat(put(path, "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
                + "<xsl:template match=\"/\"><xsl:no-such-instruction/></xsl:template></xsl:stylesheet>").statusCode())
                .isEqualTo(400);
        assertThat(put(path, xslt).statusCode()).isEqualTo(204);

        ResidentAccount resident = newResident("styled");
        pushByLocker(issuer, resident, "STYLD", "S1");
        assertThat(pdfText(resident, issuer.issuerId + "-STYLD-S1"))
                .contains("Result of the examination", "Percentage obtained", "88.2", "Outcome", "PASS")
                .doesNotContain("Details");

        String reachingOut = xslt.replace("<xsl:value-of select=\"CertificateData/Performance/@result\"/>",
                "<xsl:value-of select=\"document('file:///etc/passwd')\"/>");
        assertThat(put(path, reachingOut).statusCode()).isEqualTo(204);
        pushByLocker(issuer, resident, "STYLD", "S2");
        assertThat(pdfText(resident, issuer.issuerId + "-STYLD-S2")).contains("Details", "88.2")
                .doesNotContain("root:").doesNotContain("Result of the examination");
    }

    private HttpResponse<String> put(String path, String xslt) throws Exception {
        return new WebClient(port).send("PUT", path, "application/xml", bytes(xslt), "Authorization", "Bearer " + TOKEN);
    }

    private void pushByLocker(TestIssuer issuer, ResidentAccount resident, String docType, String docId)
            throws Exception {
        java.util.Map<String, String> fields = java.util.Map.of("digilockerid", resident.lockerId().toString(),
                "uri", issuer.issuerId + "-" + docType + "-" + docId, "doctype", docType, "description", "Marksheet",
                "docid", docId, "issuedate", "15052014", "action", "A",
                "datacontent", java.util.Base64.getEncoder().encodeToString(issuer.signedCertificate(docType, docId,
                        "999941057058", "Aarav Sharma")));
        HttpResponse<String> pushed = http().postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
    }

    /** An independent verifier: the stored document's signature holds outside Tijori too. */
    private static void assertVerifiesWithXmlsec1(byte[] signed, TestIssuer issuer) throws Exception {
        java.nio.file.Path xmlsec1 = java.nio.file.Path.of("/usr/bin/xmlsec1");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(xmlsec1),
                "xmlsec1 is not installed (Debian package xmlsec1): the independent check is skipped");
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("xmlsec1");
        java.nio.file.Path document = java.nio.file.Files.write(folder.resolve("stored.xml"), signed);
        java.nio.file.Path certificate = java.nio.file.Files.writeString(folder.resolve("issuer.pem"),
                issuer.keys.certificatePem());
        Process process = new ProcessBuilder(xmlsec1.toString(), "--verify", "--pubkey-cert-pem", certificate.toString(),
                "--enabled-reference-uris", "empty", "--enabled-key-data", "rsa,ecdsa", document.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("OK");
    }

    private String pdfText(ResidentAccount resident, String uri) throws Exception {
        try (InputStream pdf = documents.openPdf(resident.id(), DocumentUri.parse(uri)).orElseThrow();
                var document = org.apache.pdfbox.Loader.loadPDF(pdf.readAllBytes())) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(document);
        }
    }

    private String qrOf(ResidentAccount resident, String uri) throws Exception {
        try (InputStream pdf = documents.openPdf(resident.id(), DocumentUri.parse(uri)).orElseThrow()) {
            return PrintedQrCode.scan(pdf.readAllBytes(), false).text();
        }
    }

    @Test
    void registersAnIssuerThroughTheFormWithWhatWasWrongShownOnThePage() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.form" + issuers.incrementAndGet(), TestIssuerKeys.generate("Form"));
        WebClient browser = http();
        HttpResponse<String> page = browser.get("/issuer/register");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"issuerId\"", "name=\"signingCertificatePem\"", "docType2.parameters");

        java.util.Map<String, String> fields = new java.util.HashMap<>(java.util.Map.of("issuerId", issuer.issuerId,
                "name", "Board of Forms", "category", "state", "contactEmail", "it@forms.example.in",
                "signingCertificatePem", issuer.keys.certificatePem(), "docType0.code", "HSCER",
                "docType0.name", "Class XII Marksheet", "docType0.parameters", "rollno | Roll number | 1234567\nyear | Year"));
        fields.put("contactEmail", "not an address");
        HttpResponse<String> wrong = browser.submit("/issuer/register", "/issuer/register", fields);
        assertThat(wrong.statusCode()).as("bad input is a 400, on the page as in the API").isEqualTo(400);
        assertThat(wrong.body()).contains("The contact e-mail is not an e-mail address.").contains("Board of Forms");
        assertThat(count("issuer_issuer where issuer_id = '" + issuer.issuerId + "'")).isZero();

        fields.put("contactEmail", "it@forms.example.in");
        HttpResponse<String> sent = browser.submit("/issuer/register", "/issuer/register", fields);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("Registration received", issuer.issuerId);
        assertThat(jdbc.sql("select search_parameters::text from issuer_doc_type where issuer_id = ?")
                .param(issuer.issuerId).query(String.class).single())
                .contains("\"paramname\": \"rollno\"", "\"label\": \"Roll number\"", "\"paramname\": \"year\"");

        HttpResponse<String> forged = http().postForm("/issuer/register", fields);
        assertThat(forged.statusCode()).as("no CSRF token").isEqualTo(403);
    }

    private void assertBadRegistration(String json, String field) throws Exception {
        HttpResponse<String> answer = http().postJson("/api/v1/issuers/registrations", json);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("\"detail\"").contains(field);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String code) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains("<ResponseStatus Status=\"0\"/>").contains("code=\"" + code + "\"");
    }

    private TestIssuer approvedIssuer(String docType) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.issuer" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        String json = issuer.registrationJson(docType);
        if (!"HSCER".equals(docType)) {
            json = json.replace("]}]}", "]},{\"code\":\"HSCER\",\"name\":\"Marksheet\",\"description\":\"\","
                    + "\"searchParameters\":[]}]}");
        }
        assertThat(http().postJson("/api/v1/issuers/registrations", json).statusCode()).isEqualTo(202);
        HttpResponse<String> approved = admin("/api/v1/admin/issuers/" + issuer.issuerId + "/approve");
        assertThat(approved.statusCode()).isEqualTo(200);
        issuer.credentialsFrom(approved.body());
        return issuer;
    }

    private ResidentAccount newResident(String username) {
        int n = residents.incrementAndGet();
        return accounts.signUp(new MobileNumber(String.valueOf(7_100_000_000L + n)), username + n,
                "a long and unusual phrase");
    }

    private ResidentAccount residentWithNationalId(String uid) {
        ResidentAccount resident = newResident("pushed");
        var request = links.requestLink(resident.id(), new NationalId(uid));
        links.link(resident.id(), request.token());
        return resident;
    }

    private HttpResponse<String> push(TestIssuer issuer, String body) throws Exception {
        return http().post(PUSH, "application/xml", bytes(body), "x-digilocker-hmac", issuer.hmac(body));
    }

    private HttpResponse<String> admin(String path) throws Exception {
        return http().post(path, "application/json", new byte[0], "Authorization", "Bearer " + TOKEN);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
