package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tijori.IndianTime;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditTrail;
import org.tijori.signing.Certificates;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pages of issuers over HTTP, as browsers use them: administrators deciding on issuers on
 * {@code /admin/issuers}, and issuers signing in to their portal with their client ID and secret to see
 * their doc types, publications and refused pushes, and to rotate their credentials and certificate.
 * Shares its Spring context with {@link IssuerPushTests} (same properties).
 */
@IssuerTestContext
class IssuerPortalTests {

    static final String ADMIN = "issuer-admin";

    static final String PASSWORD = "a long and unusual phrase";

    /**
     * A person of the demo ID registry whom no test links to a locker: documents for her stay parked, and
     * none lands in the lockers that {@link IssuerPushTests} counts.
     */
    static final String GURPREET = "999909139094";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    static final Pattern SHOWN_SECRET = Pattern.compile("id=\"new-client-secret\">([^<]+)<");

    static final Pattern SHOWN_CLIENT_ID = Pattern.compile("id=\"new-client-id\">([^<]+)<");

    static final Pattern SHOWN_API_KEY = Pattern.compile("id=\"new-api-key\">([^<]+)<");

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anAdministratorApprovesRejectsAndSuspendsIssuersAndSeesTheCredentialsOnce(CapturedOutput output)
            throws Exception {
        TestIssuer approvedEarlier = approvedIssuer("HSCER");
        TestIssuer toApprove = registered("HSCER");
        TestIssuer toReject = registered("DRVLC");
        WebClient admin = administrator();

        HttpResponse<String> list = admin.get("/admin/issuers");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(toApprove.issuerId, toReject.issuerId, approvedEarlier.issuerId,
                "Board of " + toApprove.issuerId, "it@" + toApprove.issuerId + ".example.in", "HSCER",
                "Waiting for approval", "State government");
        assertThat(list.body().indexOf("id=\"issuer-" + toApprove.issuerId + "\""))
                .as("pending issuers come first")
                .isLessThan(list.body().indexOf("id=\"issuer-" + approvedEarlier.issuerId + "\""));
        assertNoInlineScriptOrStyle(list.body());
        assertThat(list.body()).as("the signing certificate, to compare before approving").contains(
                "id=\"certificate-" + toApprove.issuerId + "\"",
                Certificates.sha256Fingerprint(toApprove.keys.certificate()),
                toApprove.keys.certificate().getSubjectX500Principal().getName(),
                IndianTime.time(toApprove.keys.certificate().getNotAfter().toInstant()));

        HttpResponse<String> approval = admin.submit("/admin/issuers",
                "/admin/issuers/" + toApprove.issuerId + "/approve", Map.of());
        assertThat(approval.statusCode()).as("post, redirect, get").isEqualTo(302);
        assertThat(approval.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/admin/issuers"));
        assertThat(approval.body()).doesNotContain("new-client-secret");
        HttpResponse<String> approved = admin.follow(approval);
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(approved.headers().allValues("Cache-Control")).as("the secrets' page kept by no cache")
                .anySatisfy(value -> assertThat(value).contains("no-store"));
        assertThat(approved.body()).contains("Copy these now: they will not be shown again.");
        String secret = shown(SHOWN_SECRET, approved.body());
        String apiKey = shown(SHOWN_API_KEY, approved.body());
        String clientId = shown(SHOWN_CLIENT_ID, approved.body());
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(approved.body()).contains("data-copy=\"new-client-secret\"", "aria-label=\"Copy the client secret\"");
        assertThat(section(approved.body(), "new-credentials")).as("the secrets in a calm box, not an error's")
                .contains("alert--info").doesNotContain("alert--error");
        assertThat(output.getAll()).as("the secrets are logged nowhere").doesNotContain(secret).doesNotContain(apiKey);
        assertThat(status(toApprove)).isEqualTo("APPROVED");

        HttpResponse<String> again = admin.get("/admin/issuers");
        assertThat(again.body()).doesNotContain(secret).doesNotContain(apiKey).doesNotContain("new-client-secret");
        assertThat(jdbc.sql("select count(*) from spring_session_attributes where position(? in attribute_bytes) > 0")
                .param(secret.getBytes(StandardCharsets.UTF_8)).query(Integer.class).single())
                .as("the secret is kept in no session").isZero();
        assertThat(http().submit("/issuer/login", "/issuer/login",
                Map.of("clientId", clientId, "clientSecret", secret)).statusCode())
                .as("the credentials shown sign the issuer in").isEqualTo(302);

        HttpResponse<String> twice = admin.submit("/admin/issuers", "/admin/issuers/" + toApprove.issuerId + "/approve",
                Map.of());
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("is approved and cannot be approved").doesNotContain("new-client-secret");

        HttpResponse<String> rejected = admin.submit("/admin/issuers", "/admin/issuers/" + toReject.issuerId + "/reject",
                Map.of());
        assertThat(rejected.statusCode()).isEqualTo(302);
        assertThat(admin.follow(rejected).body()).contains("The registration of " + toReject.issuerId + " is rejected.");
        assertThat(status(toReject)).isEqualTo("REJECTED");

        HttpResponse<String> suspended = admin.submit("/admin/issuers",
                "/admin/issuers/" + approvedEarlier.issuerId + "/suspend", Map.of());
        assertThat(suspended.statusCode()).isEqualTo(302);
        assertThat(status(approvedEarlier)).isEqualTo("SUSPENDED");

        HttpResponse<String> unknown = admin.submit("/admin/issuers", "/admin/issuers/in.gov.nobody/suspend", Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("There is no issuer in.gov.nobody.");
        await().untilAsserted(() -> assertThat(trail.about(toApprove.issuerId, 10))
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo("issuer.IssuerApproved");
                    assertThat(entry.actor().type()).isEqualTo("ADMIN");
                }));
    }

    @Test
    void anAdministratorRotatesCredentialsAndReplacesACertificateOnThePage() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        WebClient admin = administrator();

        HttpResponse<String> rotation = admin.submit("/admin/issuers", "/admin/issuers/" + issuer.issuerId + "/credentials",
                Map.of());
        assertThat(rotation.statusCode()).as("post, redirect, get").isEqualTo(302);
        HttpResponse<String> rotated = admin.follow(rotation);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String secret = shown(SHOWN_SECRET, rotated.body());
        assertThat(secret).isNotEqualTo(issuer.clientSecret);
        assertThat(admin.get("/admin/issuers").body()).doesNotContain(secret);

        TestIssuerKeys newKeys = TestIssuerKeys.generate("Board, new key");
        HttpResponse<String> replaced = admin.submit("/admin/issuers", "/admin/issuers/" + issuer.issuerId + "/certificate",
                Map.of("signingCertificatePem", newKeys.certificatePem()));
        assertThat(replaced.statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from issuer_certificate where issuer_id = ?").param(issuer.issuerId)
                .query(Integer.class).single()).isEqualTo(2);

        HttpResponse<String> notACertificate = admin.submit("/admin/issuers",
                "/admin/issuers/" + issuer.issuerId + "/certificate", Map.of("signingCertificatePem", "not a PEM"));
        assertThat(notACertificate.statusCode()).isEqualTo(400);
        assertThat(notACertificate.body()).contains("signingCertificatePem").contains("id=\"admin-error\"");
    }

    @Test
    void onlyAdministratorsReachTheirPageAndOnlyIssuersTheirPortal() throws Exception {
        WebClient resident = http();
        int n = residents.incrementAndGet();
        String username = "portalresident" + n;
        accounts.signUp(new MobileNumber(String.valueOf(7_200_000_000L + n)), username, PASSWORD);
        assertThat(resident.signIn(username, PASSWORD).statusCode()).isEqualTo(302);

        HttpResponse<String> adminPage = resident.get("/admin/issuers", "Accept", "text/html");
        assertThat(adminPage.statusCode()).isEqualTo(403);
        assertThat(adminPage.body()).contains("<h1").doesNotContain("Exception");
        assertThat(resident.get("/issuer", "Accept", "text/html").statusCode()).isEqualTo(403);

        HttpResponse<String> anonymousAdmin = http().get("/admin/issuers");
        assertThat(anonymousAdmin.statusCode()).isEqualTo(302);
        assertThat(anonymousAdmin.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
        HttpResponse<String> anonymousPortal = http().get("/issuer");
        assertThat(anonymousPortal.statusCode()).isEqualTo(302);
        assertThat(anonymousPortal.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/issuer/login"));

        WebClient issuer = signedIn(approvedIssuer("HSCER"));
        assertThat(issuer.get("/profile", "Accept", "text/html").statusCode()).isEqualTo(403);
        assertThat(issuer.get("/admin/issuers", "Accept", "text/html").statusCode()).isEqualTo(403);

        assertThat(http().get("/login").body()).contains("href=\"/issuer/login\"");
    }

    @Test
    void anIssuerSeesItsDocTypesPublicationsAndRefusedPushesAndNothingOfAnother() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        TestIssuer other = approvedIssuer("HSCER");
        assertThat(push(issuer, issuer.pushRequest(GURPREET, "HSCER", "P1", "A",
                issuer.signedCertificate("HSCER", "P1", GURPREET, "Gurpreet Kaur Sandhu"))).statusCode()).isEqualTo(200);
        String stale = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(31).withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String staleTxn = TestIssuer.newTxn();
        HttpResponse<String> refused = push(issuer, issuer.pushRequest("<Aadhaar>" + GURPREET + "</Aadhaar>", "HSCER", "P2",
                "A", issuer.signedCertificate("HSCER", "P2", GURPREET, "Gurpreet Kaur Sandhu"), stale, staleTxn));
        assertThat(refused.body()).contains("expired_request");
        assertThat(push(other, other.pushRequest(GURPREET, "HSCER", "Q1", "A",
                other.signedCertificate("HSCER", "Q1", GURPREET, "Gurpreet Kaur Sandhu"))).statusCode()).isEqualTo(200);
        String otherStaleTxn = TestIssuer.newTxn();
        push(other, other.pushRequest("<Aadhaar>" + GURPREET + "</Aadhaar>", "HSCER", "Q2", "A",
                other.signedCertificate("HSCER", "Q2", GURPREET, "Gurpreet Kaur Sandhu"), stale, otherStaleTxn));

        HttpResponse<String> portal = signedIn(issuer).get("/issuer");

        assertThat(portal.statusCode()).isEqualTo(200);
        assertThat(portal.body()).contains("Board of " + issuer.issuerId, issuer.issuerId, issuer.clientId, "Approved")
                .contains("HSCER", "Class XII Marksheet", "rollno", "Roll number", "year", "Year of passing")
                .contains(issuer.issuerId + "-HSCER-P1", "Active", "Waiting for the national ID to be linked")
                .contains("expired_request", "ts is older than 30 minutes or in the future.", staleTxn)
                .doesNotContain(issuer.clientSecret).doesNotContain(issuer.apiKey);
        assertThat(portal.body()).doesNotContain(other.issuerId).doesNotContain(other.clientId)
                .doesNotContain(otherStaleTxn);
        assertNoInlineScriptOrStyle(portal.body());
    }

    @Test
    void aWrongSecretGetsTheSameAnswerAsAnUnknownClientIdAndNoSession() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        WebClient web = http();

        HttpResponse<String> wrongSecret = web.submit("/issuer/login", "/issuer/login",
                Map.of("clientId", issuer.clientId, "clientSecret", issuer.clientSecret + "x"));
        HttpResponse<String> unknownClient = http().submit("/issuer/login", "/issuer/login",
                Map.of("clientId", "NOSUCHCLNT", "clientSecret", issuer.clientSecret));

        assertThat(wrongSecret.statusCode()).isEqualTo(401).isEqualTo(unknownClient.statusCode());
        assertThat(alert(wrongSecret.body())).isEqualTo(alert(unknownClient.body()))
                .contains("The client ID or client secret is not right.");
        HttpResponse<String> portal = web.get("/issuer");
        assertThat(portal.statusCode()).isEqualTo(302);
        assertThat(portal.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/issuer/login"));
        await().untilAsserted(() -> assertThat(trail.about(issuer.clientId, 10))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("issuer.IssuerSignInFailed")));
    }

    @Test
    void throttlesSignInsToAClientIdAfterRepeatedFailures() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        for (int i = 0; i < 5; i++) {
            assertThat(http().submit("/issuer/login", "/issuer/login",
                    Map.of("clientId", issuer.clientId, "clientSecret", "guess-" + i)).statusCode()).isEqualTo(401);
        }

        WebClient web = http();
        HttpResponse<String> throttled = web.submit("/issuer/login", "/issuer/login",
                Map.of("clientId", issuer.clientId, "clientSecret", issuer.clientSecret));

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("Too many failed sign-ins.");
        assertThat(web.get("/issuer").statusCode()).isEqualTo(302);
        assertThat(signedIn(approvedIssuer("HSCER")).get("/issuer").statusCode())
                .as("another client ID is not held back").isEqualTo(200);
    }

    @Test
    void wrongSecretsSentAllAtOnceAreComparedNoMoreThanTheClientIdsBudgetAllows() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        int parallel = 20;
        List<WebClient> guessers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            WebClient web = http();
            tokens.add(WebClient.csrfTokenOf(web.get("/issuer/login").body()));
            guessers.add(web);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            var start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                WebClient web = guessers.get(i);
                Map<String, String> form = Map.of("clientId", issuer.clientId, "clientSecret", "guess-" + i,
                        "_csrf", tokens.get(i));
                statuses.add(pool.submit(() -> {
                    start.await();
                    return web.postForm("/issuer/login", form).statusCode();
                }));
            }
            start.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }

            // Each compared secret leaves one entry in the trail, chained or still waiting to be.
            long compared = jdbc.sql("""
                    select count(*) from (select action, subject from audit_entry
                                          union all select action, subject from audit_inbox) recorded
                    where action = 'issuer.IssuerSignInFailed' and subject = ?""")
                    .param(issuer.clientId).query(Long.class).single();
            assertThat(compared).isEqualTo(5);
            assertThat(answered).filteredOn(status -> status == 401).hasSize(5);
            assertThat(answered).filteredOn(status -> status == 429).hasSize(parallel - 5);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rotatingCredentialsShowsThemOnceKeepsTheSessionAndRetiresTheOldSecret() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        WebClient web = signedIn(issuer);

        HttpResponse<String> rotated = web.submit("/issuer", "/issuer/credentials", Map.of());

        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.body()).contains("Copy these now: they will not be shown again.");
        String clientId = shown(SHOWN_CLIENT_ID, rotated.body());
        String secret = shown(SHOWN_SECRET, rotated.body());
        assertThat(secret).isNotEqualTo(issuer.clientSecret);
        HttpResponse<String> portal = web.get("/issuer");
        assertThat(portal.statusCode()).as("the session goes on").isEqualTo(200);
        assertThat(portal.body()).contains(clientId).doesNotContain(secret);

        assertThat(http().submit("/issuer/login", "/issuer/login",
                Map.of("clientId", issuer.clientId, "clientSecret", issuer.clientSecret)).statusCode()).isEqualTo(401);
        assertThat(http().submit("/issuer/login", "/issuer/login",
                Map.of("clientId", clientId, "clientSecret", issuer.clientSecret)).statusCode()).isEqualTo(401);
        assertThat(http().submit("/issuer/login", "/issuer/login",
                Map.of("clientId", clientId, "clientSecret", secret)).statusCode()).isEqualTo(302);
        await().untilAsserted(() -> assertThat(trail.about(issuer.issuerId, 20)).extracting(entry -> entry.action())
                .contains("issuer.IssuerSignedIn", "issuer.IssuerCredentialsRotated"));
    }

    @Test
    void anIssuerReplacesItsSigningCertificateAndSignsOut() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        WebClient web = signedIn(issuer);

        HttpResponse<String> bad = web.submit("/issuer", "/issuer/certificate",
                Map.of("signingCertificatePem", issuer.keys.certificatePem()));
        assertThat(bad.statusCode()).isEqualTo(409);
        assertThat(bad.body()).contains("already registered").contains("id=\"certificate-error\"");

        HttpResponse<String> replaced = web.submit("/issuer", "/issuer/certificate",
                Map.of("signingCertificatePem", TestIssuerKeys.generate("Board, new key").certificatePem()));
        assertThat(replaced.statusCode()).isEqualTo(302);
        assertThat(web.follow(replaced).body()).contains("The new signing certificate is registered.");

        HttpResponse<String> signedOut = web.submit("/issuer", "/logout", Map.of());
        assertThat(signedOut.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/issuer/login?logout"));
        assertThat(web.get("/issuer").statusCode()).isEqualTo(302);
    }

    @Test
    void aSuspendedIssuerCannotSignInAndItsOpenSessionEnds() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        WebClient web = signedIn(issuer);
        assertThat(web.get("/issuer").statusCode()).isEqualTo(200);

        assertThat(bootstrap("/api/v1/admin/issuers/" + issuer.issuerId + "/suspend").statusCode()).isEqualTo(200);

        HttpResponse<String> ended = web.get("/issuer");
        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(ended.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/issuer/login?ended"));
        HttpResponse<String> again = http().submit("/issuer/login", "/issuer/login",
                Map.of("clientId", issuer.clientId, "clientSecret", issuer.clientSecret));
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("The client ID or client secret is not right.");
    }

    @Test
    void formsPostedWithoutTheirCsrfTokenAreRefused() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        WebClient web = signedIn(issuer);

        assertThat(web.postForm("/issuer/credentials", Map.of(), "Accept", "text/html").statusCode()).isEqualTo(403);
        assertThat(web.postForm("/issuer/certificate", Map.of("signingCertificatePem", "x"), "Accept", "text/html")
                .statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("select client_id from issuer_issuer where issuer_id = ?").param(issuer.issuerId)
                .query(String.class).single()).as("nothing rotated").isEqualTo(issuer.clientId);
        assertThat(http().postForm("/issuer/login", Map.of("clientId", issuer.clientId,
                "clientSecret", issuer.clientSecret), "Accept", "text/html").statusCode()).isEqualTo(403);

        TestIssuer pending = registered("HSCER");
        WebClient admin = administrator();
        assertThat(admin.postForm("/admin/issuers/" + pending.issuerId + "/approve", Map.of(), "Accept", "text/html")
                .statusCode()).isEqualTo(403);
        assertThat(status(pending)).isEqualTo("PENDING");
    }

    private TestIssuer registered(String docType) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.portal" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        assertThat(http().postJson("/api/v1/issuers/registrations", issuer.registrationJson(docType)).statusCode())
                .isEqualTo(202);
        return issuer;
    }

    @Test
    void rsaSha1SignaturesAreRefusedUntilAnAdministratorAllowsThemForOneIssuerAndThenShownWithAWarning()
            throws Exception {
        TestIssuer legacy = approvedIssuer("HSCER");
        TestIssuer other = approvedIssuer("HSCER");
        String name = "legacy" + residents.incrementAndGet() + "x" + (System.nanoTime() % 100_000);
        var resident = accounts.signUp(new MobileNumber(String.valueOf(6_300_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + residents.get())), name, PASSWORD);
        String sha1Push = legacy.pushRequest("<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", "HSCER", "SHA1A", "A",
                legacy.signedCertificateWithRsaSha1("HSCER", "SHA1A", "", "Legacy Resident"), TestIssuer.now(),
                TestIssuer.newTxn());

        HttpResponse<String> refused = push(legacy, sha1Push);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("SHA-1");

        byte[] allow = "{\"rsaSha1Allowed\":true}".getBytes(StandardCharsets.UTF_8);
        assertThat(http().send("PUT", "/api/v1/admin/issuers/" + legacy.issuerId + "/legacy-signatures",
                "application/json", allow).statusCode()).as("a stranger").isEqualTo(401);
        WebClient issuerSession = signedIn(legacy);
        assertThat(issuerSession.send("PUT", "/api/v1/admin/issuers/" + legacy.issuerId + "/legacy-signatures",
                "application/json", allow).statusCode()).as("the issuer itself").isIn(401, 403);
        assertThat(issuerSession.postForm("/admin/issuers/" + legacy.issuerId + "/legacy-signatures",
                Map.of("allow", "true"), "Accept", "text/html").statusCode()).as("the issuer itself").isEqualTo(403);
        assertThat(jdbc.sql("select allow_rsa_sha1 from issuer_issuer where issuer_id = ?").param(legacy.issuerId)
                .query(Boolean.class).single()).isFalse();

        HttpResponse<String> badBody = http().send("PUT", "/api/v1/admin/issuers/" + legacy.issuerId + "/legacy-signatures",
                "application/json", "{}".getBytes(StandardCharsets.UTF_8), "Authorization",
                "Bearer " + IssuerPushTests.TOKEN);
        assertThat(badBody.statusCode()).isEqualTo(400);
        assertThat(badBody.body()).contains("rsaSha1Allowed");
        HttpResponse<String> allowed = http().send("PUT", "/api/v1/admin/issuers/" + legacy.issuerId + "/legacy-signatures",
                "application/json", "{\"rsaSha1Allowed\":true}".getBytes(StandardCharsets.UTF_8), "Authorization",
                "Bearer " + IssuerPushTests.TOKEN);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);

        HttpResponse<String> accepted = push(legacy, legacy.pushRequest("<DigiLockerId>" + resident.lockerId()
                + "</DigiLockerId>", "HSCER", "SHA1A", "A", legacy.signedCertificateWithRsaSha1("HSCER", "SHA1A", "",
                "Legacy Resident"), TestIssuer.now(), TestIssuer.newTxn()));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        String otherPush = other.pushRequest("<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", "HSCER", "SHA1B", "A",
                other.signedCertificateWithRsaSha1("HSCER", "SHA1B", "", "Legacy Resident"), TestIssuer.now(),
                TestIssuer.newTxn());
        assertThat(push(other, otherPush).statusCode()).as("allowed for one issuer only").isEqualTo(400);
        String current = legacy.pushRequest("<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", "HSCER", "SHA256", "A",
                legacy.signedCertificate("HSCER", "SHA256", "", "Legacy Resident"), TestIssuer.now(), TestIssuer.newTxn());
        assertThat(push(legacy, current).statusCode()).isEqualTo(200);

        WebClient web = http();
        web.signIn(name, PASSWORD);
        assertThat(web.get("/locker/issued/" + legacy.issuerId + "-HSCER-SHA1A").body())
                .contains("id=\"legacy-signature\"", "RSA-SHA1");
        assertThat(web.get("/locker/issued/" + legacy.issuerId + "-HSCER-SHA256").body())
                .doesNotContain("id=\"legacy-signature\"");
        assertThat(signedIn(legacy).get("/issuer").body()).contains("id=\"legacy-signatures\"");
        assertThat(signedIn(other).get("/issuer").body()).doesNotContain("id=\"legacy-signatures\"");
        String adminPage = administrator().get("/admin/issuers").body();
        assertThat(adminPage).contains("Refuse RSA-SHA1 signatures again", "Accept its RSA-SHA1 signatures");

        WebClient admin = administrator();
        HttpResponse<String> refusedAgain = admin.submit("/admin/issuers",
                "/admin/issuers/" + legacy.issuerId + "/legacy-signatures", Map.of("allow", "false"));
        assertThat(refusedAgain.statusCode()).isEqualTo(302);
        String again = legacy.pushRequest("<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", "HSCER", "SHA1C", "A",
                legacy.signedCertificateWithRsaSha1("HSCER", "SHA1C", "", "Legacy Resident"), TestIssuer.now(),
                TestIssuer.newTxn());
        assertThat(push(legacy, again).statusCode()).isEqualTo(400);
        assertThat(web.get("/locker/issued/" + legacy.issuerId + "-HSCER-SHA1A").body())
                .as("documents accepted before stay marked").contains("id=\"legacy-signature\"");
        await().untilAsserted(() -> assertThat(trail.about(legacy.issuerId, 20)).extracting(e -> e.action())
                .contains("issuer.IssuerLegacySignaturesChanged"));
    }

    @Test
    void anIssuerUploadsAZipInThePortalAndFollowsItsProgressToTheReport() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER");
        var zipped = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(zipped)) {
            for (int i = 0; i < 3; i++) {
                zip.putNextEntry(new java.util.zip.ZipEntry("push-" + i + ".xml"));
                zip.write(issuer.pushRequest(GURPREET, "HSCER", "ZP" + i, "A", issuer.signedCertificate("HSCER",
                        "ZP" + i, GURPREET, "Gurpreet Kaur Sandhu")).getBytes(StandardCharsets.UTF_8));
            }
            zip.putNextEntry(new java.util.zip.ZipEntry("broken.xml"));
            zip.write("<PushUriRequest".getBytes(StandardCharsets.UTF_8));
        }
        WebClient web = signedIn(issuer);
        String csrf = WebClient.csrfTokenOf(web.get("/issuer").body());

        HttpResponse<String> refused = web.postMultipart("/issuer/bulk", Map.of(), "zip", "pushes.zip", zipped.toByteArray());
        assertThat(refused.statusCode()).as("no CSRF token").isEqualTo(403);

        HttpResponse<String> uploaded = web.postMultipart("/issuer/bulk", Map.of("_csrf", csrf), "zip", "pushes.zip",
                zipped.toByteArray(), "HX-Request", "true");
        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertThat(uploaded.body()).contains("id=\"bulk-uploads\"").doesNotContain("<html");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                web.get("/issuer/bulk").body()).contains("Done").contains("4 / 4").contains("3 / 1"));
        HttpResponse<String> portal = web.get("/issuer");
        assertThat(portal.body()).contains("Publish many documents at once", "Download CSV");
        assertNoInlineScriptOrStyle(portal.body());
        String report = shown(Pattern.compile("href=\"(/issuer/bulk/[0-9a-f-]+/report)\""), portal.body());
        HttpResponse<String> csv = web.get(report);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).contains("push-0.xml,published," + issuer.issuerId + "-HSCER-ZP0", "broken.xml,refused");
        assertThat(http().get(report).statusCode()).as("not for anyone else").isNotEqualTo(200);
    }

    private TestIssuer approvedIssuer(String docType) throws Exception {
        TestIssuer issuer = registered(docType);
        HttpResponse<String> approved = bootstrap("/api/v1/admin/issuers/" + issuer.issuerId + "/approve");
        assertThat(approved.statusCode()).isEqualTo(200);
        issuer.credentialsFrom(approved.body());
        return issuer;
    }

    private WebClient administrator() throws Exception {
        WebClient admin = http();
        HttpResponse<String> signedIn = admin.signIn(ADMIN, PASSWORD);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).doesNotContain("error"));
        return admin;
    }

    private WebClient signedIn(TestIssuer issuer) throws Exception {
        WebClient web = http();
        web.get("/issuer/login");
        String before = web.cookie("SESSION");
        HttpResponse<String> signedIn = web.submit("/issuer/login", "/issuer/login",
                Map.of("clientId", issuer.clientId, "clientSecret", issuer.clientSecret));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/issuer"));
        assertThat(web.cookie("SESSION")).as("a new session ID").isNotEqualTo(before);
        return web;
    }

    private HttpResponse<String> push(TestIssuer issuer, String body) throws Exception {
        return http().post(IssuerPushTests.PUSH, "application/xml", body.getBytes(StandardCharsets.UTF_8),
                "x-digilocker-hmac", issuer.hmac(body));
    }

    private HttpResponse<String> bootstrap(String path) throws Exception {
        return http().post(path, "application/json", new byte[0], "Authorization", "Bearer " + IssuerPushTests.TOKEN);
    }

    private String status(TestIssuer issuer) {
        return jdbc.sql("select status from issuer_issuer where issuer_id = ?").param(issuer.issuerId)
                .query(String.class).single();
    }

    private static String shown(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        assertThat(matcher.find()).as("shown in the page").isTrue();
        return matcher.group(1);
    }

    private static String alert(String html) {
        Matcher matcher = Pattern.compile("<div id=\"issuer-login-error\"[^>]*>\\s*<p>([^<]+)</p>").matcher(html);
        assertThat(matcher.find()).as("an error in the page").isTrue();
        return matcher.group(1);
    }

    private static void assertNoInlineScriptOrStyle(String html) {
        assertThat(html).doesNotContainPattern("<script>[^<]").doesNotContainPattern("\\son[a-z]+=\"")
                .doesNotContain("style=\"");
    }

    /** The section of a page with the given id, to its end. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("section " + id).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }
}
