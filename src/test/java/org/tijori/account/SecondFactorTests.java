package org.tijori.account;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.TestAuthenticator;
import org.tijori.WebClient;
import org.tijori.audit.AuditTrail;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Second factors over HTTP, as a browser uses them: what a first factor alone gives, the second step, codes
 * used once, throttling, recovery codes and the reset that waits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.username=" + SecondFactorTests.ADMIN, "tijori.admin.password=" + SecondFactorTests.ADMIN_PASSWORD,
        "tijori.account.otp-sends-per-address=500", "tijori.account.second-factor.tries-per-address=1000",
        "tijori.account.second-factor.reset-delay=4s" })
class SecondFactorTests {

    static final String ADMIN = "operator";

    static final String ADMIN_PASSWORD = "correct-horse-battery";

    static final String PASSWORD = "a long and unusual phrase";

    static final AtomicLong numbers = new AtomicLong(9_300_000_000L + (System.nanoTime() % 1_000_000) * 100);

    static final Pattern RECOVERY_CODE = Pattern.compile("<code>([a-z2-9]{5}-[a-z2-9]{5})</code>");

    @LocalServerPort
    int port;

    @Autowired
    StateDirectory state;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail trail;

    WebClient browser() {
        return new WebClient(port);
    }

    SmsOutbox outbox() {
        return SmsOutbox.of(state.root());
    }

    @Test
    void anAdministratorWithoutASecondFactorCanOnlySetOneUp() throws Exception {
        // A second administrator cannot be made through the pages; this one is the bootstrap's, before enrolment.
        jdbc.sql("delete from account_totp where account_id = (select id from account_administrator)").update();
        jdbc.sql("delete from account_recovery_code where account_id = (select id from account_administrator)").update();
        WebClient admin = browser();

        HttpResponse<String> password = admin.signInWithPasswordOnly(ADMIN, ADMIN_PASSWORD);

        assertThat(password.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/profile/security?required"));
        assertThat(admin.get("/admin/issuers").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/profile/security?required"));
        assertThat(admin.get("/api/v1/admin/audit/verify").statusCode()).isEqualTo(403);
        assertThat(admin.get("/actuator/prometheus").statusCode()).isEqualTo(403);
        assertThat(admin.get("/dashboard").statusCode()).isEqualTo(302);
        HttpResponse<String> security = admin.get("/profile/security?required");
        assertThat(security.statusCode()).isEqualTo(200);
        assertThat(security.body()).contains("id=\"enrolment-required\"");

        HttpResponse<String> enrolled = TestAuthenticator.enrol(admin, admin.base(), ADMIN);

        assertThat(enrolled.statusCode()).isEqualTo(200);
        assertThat(RECOVERY_CODE.matcher(enrolled.body()).results().count()).isEqualTo(10);
        assertThat(admin.get("/admin/issuers").statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/v1/admin/audit/verify").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from account_totp where account_id = (select id from account_administrator)")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anAdministratorsPasswordAloneGivesNoAdministratorSession() throws Exception {
        ensureAdministratorEnrolled();
        WebClient admin = browser();

        HttpResponse<String> password = admin.signInWithPasswordOnly(ADMIN, ADMIN_PASSWORD);

        assertThat(password.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login/second-factor"));
        assertThat(admin.get("/admin/issuers").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login/second-factor"));
        assertThat(admin.get("/api/v1/admin/audit/verify").statusCode()).isEqualTo(403);
        assertThat(admin.get("/profile/security").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login/second-factor"));

        HttpResponse<String> second = TestAuthenticator.answerSecondStep(admin, admin.base(), ADMIN);

        assertThat(second.statusCode()).isEqualTo(302);
        assertThat(admin.get("/admin/issuers").statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/v1/admin/audit/verify").statusCode()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(trail.activityOf(ADMIN, 50))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("account.SignedIn")));
    }

    @Test
    void aResidentWithAnAuthenticatorAppNeedsItAfterThePassword() throws Exception {
        Resident resident = residentWithTotp();
        WebClient web = browser();

        HttpResponse<String> password = web.signInWithPasswordOnly(resident.username(), PASSWORD);

        assertThat(password.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login/second-factor"));
        assertThat(web.get("/dashboard").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login/second-factor"));
        assertThat(web.get("/profile").statusCode()).isEqualTo(302);
        assertThat(web.get("/api/v1/locker/issued").statusCode()).isEqualTo(403);
        String page = web.get("/login/second-factor").body();
        assertThat(page).contains("name=\"code\"");

        HttpResponse<String> second = web.postForm("/login/second-factor",
                Map.of("code", resident.nextCode(), "_csrf", WebClient.csrfTokenOf(page)));

        assertThat(second.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/dashboard"));
        assertThat(web.get("/dashboard").statusCode()).isEqualTo(200);
    }

    @Test
    void aCodeByMobileAloneNoLongerSignsInAResidentWithASecondFactor() throws Exception {
        Resident resident = residentWithTotp();
        WebClient web = browser();
        web.submit("/login", "/login/mobile", Map.of("mobile", resident.mobile()));

        HttpResponse<String> otp = web.submit("/login/otp", "/login/otp",
                Map.of("otp", outbox().lastOtpFor(resident.mobile()).orElseThrow()));

        assertThat(otp.statusCode()).isEqualTo(302);
        assertThat(web.get("/dashboard").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login/second-factor"));
        String page = web.get("/login/second-factor").body();
        web.postForm("/login/second-factor", Map.of("code", resident.nextCode(), "_csrf", WebClient.csrfTokenOf(page)));
        assertThat(web.get("/dashboard").statusCode()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(trail.activityOf(resident.accountId(), 50))
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo("account.SignedIn");
                    assertThat(entry.fields()).containsEntry("method", "mobile-otp+totp");
                }));
    }

    @Test
    void aCodeFromTheAppIsGoodOnce() throws Exception {
        Resident resident = residentWithTotp();
        String code = resident.nextCode();
        WebClient first = browser();
        first.signInWithPasswordOnly(resident.username(), PASSWORD);
        String page = first.get("/login/second-factor").body();
        first.postForm("/login/second-factor", Map.of("code", code, "_csrf", WebClient.csrfTokenOf(page)));
        assertThat(first.get("/dashboard").statusCode()).isEqualTo(200);

        WebClient replay = browser();
        replay.signInWithPasswordOnly(resident.username(), PASSWORD);
        page = replay.get("/login/second-factor").body();
        HttpResponse<String> refused = replay.postForm("/login/second-factor",
                Map.of("code", code, "_csrf", WebClient.csrfTokenOf(page)));

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"code-error\"");
        assertThat(replay.get("/dashboard").statusCode()).isEqualTo(302);
    }

    @Test
    void wrongCodesAreThrottledEvenBeforeTheRightOne() throws Exception {
        Resident resident = residentWithTotp();
        WebClient web = browser();
        web.signInWithPasswordOnly(resident.username(), PASSWORD);
        String csrf = WebClient.csrfTokenOf(web.get("/login/second-factor").body());
        String wrong = resident.code().equals("000000") ? "111111" : "000000";
        // The enrolment's own code took one try of the ten in fifteen minutes.
        for (int i = 0; i < 9; i++) {
            web.postForm("/login/second-factor", Map.of("code", wrong, "_csrf", csrf));
        }

        HttpResponse<String> right = web.postForm("/login/second-factor",
                Map.of("code", resident.nextCode(), "_csrf", csrf));

        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("Too many tries");
        assertThat(web.get("/dashboard").statusCode()).isEqualTo(302);
        HttpResponse<String> recovery = web.postForm("/login/second-factor/recovery",
                Map.of("recoveryCode", resident.recoveryCodes()[0], "_csrf", csrf));
        assertThat(recovery.body()).as("recovery codes share the limit").contains("Too many tries");
        await().untilAsserted(() -> assertThat(trail.about(resident.accountId(), 50))
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo("account.SecondFactorFailed");
                    assertThat(entry.fields()).containsEntry("reason", "throttled");
                }));
    }

    @Test
    void aRecoveryCodeSignsInOnceAndUrgesToSetUpAgain() throws Exception {
        Resident resident = residentWithTotp();
        String code = resident.recoveryCodes()[3];
        WebClient web = browser();
        web.signInWithPasswordOnly(resident.username(), PASSWORD);
        String csrf = WebClient.csrfTokenOf(web.get("/login/second-factor").body());

        HttpResponse<String> used = web.postForm("/login/second-factor/recovery",
                Map.of("recoveryCode", code.toUpperCase(), "_csrf", csrf));

        assertThat(used.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/profile/security?recoveryCodeUsed"));
        assertThat(web.follow(used).body()).contains("You signed in with a recovery code; 9 are left");
        assertThat(web.get("/dashboard").statusCode()).isEqualTo(200);

        WebClient again = browser();
        again.signInWithPasswordOnly(resident.username(), PASSWORD);
        csrf = WebClient.csrfTokenOf(again.get("/login/second-factor").body());
        HttpResponse<String> refused = again.postForm("/login/second-factor/recovery",
                Map.of("recoveryCode", code, "_csrf", csrf));
        assertThat(refused.body()).contains("id=\"recovery-error\"");
        assertThat(again.get("/dashboard").statusCode()).isEqualTo(302);
    }

    @Test
    void aPasswordResetByMobileStillAsksForTheSecondFactor() throws Exception {
        Resident resident = residentWithTotp();
        WebClient web = browser();
        web.submit("/login/reset", "/login/reset", Map.of("mobile", resident.mobile()));
        web.submit("/login/reset/verify", "/login/reset/verify",
                Map.of("otp", outbox().lastOtpFor(resident.mobile()).orElseThrow()));

        HttpResponse<String> reset = web.submit("/login/reset/password", "/login/reset/password",
                Map.of("password", "another long phrase of mine"));

        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(302);
        assertThat(web.get("/dashboard").headers().firstValue("Location")).as("a code to the mobile is one factor")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login/second-factor"));
        assertThat(web.get("/api/v1/locker/issued").statusCode()).isEqualTo(403);
        String page = web.get("/login/second-factor").body();
        web.postForm("/login/second-factor", Map.of("code", resident.nextCode(), "_csrf", WebClient.csrfTokenOf(page)));
        assertThat(web.get("/dashboard").statusCode()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(trail.activityOf(resident.accountId(), 50))
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo("account.SignedIn");
                    assertThat(entry.fields()).containsEntry("method", "password-reset+totp");
                }));
    }

    @Test
    void aResetByMobileWaitsItsPeriodAndTellsTheNumber() throws Exception {
        Resident resident = residentWithTotp();
        WebClient web = browser();
        web.signInWithPasswordOnly(resident.username(), PASSWORD);
        web.submit("/login/second-factor/reset", "/login/second-factor/reset", Map.of());
        HttpResponse<String> requested = web.submit("/login/second-factor/reset/verify",
                "/login/second-factor/reset/verify", Map.of("otp", outbox().lastOtpFor(resident.mobile()).orElseThrow()));
        assertThat(requested.body()).contains("id=\"reset-requested\"");
        assertThat(outbox().messagesTo(resident.mobile()).get(outbox().messagesTo(resident.mobile()).size() - 1).text())
                .contains("remove the second sign-in factor", "If this was not you");

        WebClient meanwhile = browser();
        assertThat(meanwhile.signInWithPasswordOnly(resident.username(), PASSWORD).headers().firstValue("Location"))
                .as("the factor still holds during the waiting period")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login/second-factor"));

        Thread.sleep(Duration.ofSeconds(5).toMillis());
        WebClient after = browser();
        assertThat(after.signInWithPasswordOnly(resident.username(), PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/dashboard"));
        assertThat(jdbc.sql("select count(*) from account_totp where account_id = ?::uuid").param(resident.accountId())
                .query(Long.class).single()).isZero();
        await().untilAsserted(() -> assertThat(trail.about(resident.accountId(), 50))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("account.SecondFactorsReset")));
    }

    @Test
    void aResetCanBeCancelledFromASignedInSession() throws Exception {
        Resident resident = residentWithTotp();
        WebClient thief = browser();
        thief.signInWithPasswordOnly(resident.username(), PASSWORD);
        thief.submit("/login/second-factor/reset", "/login/second-factor/reset", Map.of());
        thief.submit("/login/second-factor/reset/verify", "/login/second-factor/reset/verify",
                Map.of("otp", outbox().lastOtpFor(resident.mobile()).orElseThrow()));

        WebClient owner = browser();
        owner.signInWithPasswordOnly(resident.username(), PASSWORD);
        String page = owner.get("/login/second-factor").body();
        owner.postForm("/login/second-factor", Map.of("code", resident.nextCode(), "_csrf", WebClient.csrfTokenOf(page)));
        HttpResponse<String> security = owner.get("/profile/security");
        assertThat(security.body()).contains("id=\"reset-title\"");
        owner.submit("/profile/security", "/profile/security/reset/cancel", Map.of());

        Thread.sleep(Duration.ofSeconds(5).toMillis());
        assertThat(browser().signInWithPasswordOnly(resident.username(), PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login/second-factor"));
    }

    @Test
    void changingHowAnAccountSignsInEndsItsOtherSessions() throws Exception {
        String mobile = newMobile();
        WebClient owner = signUp(mobile);
        String username = "second" + mobile.substring(4);
        WebClient elsewhere = browser();
        elsewhere.signInWithPasswordOnly(username, PASSWORD);
        assertThat(elsewhere.get("/dashboard").statusCode()).isEqualTo(200);

        TestAuthenticator.enrol(owner, owner.base(), username);

        assertThat(owner.get("/dashboard").statusCode()).as("the session that set the app up").isEqualTo(200);
        assertThat(elsewhere.get("/dashboard").headers().firstValue("Location")).as("any other session")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));

        WebClient again = browser();
        again.signIn(username, PASSWORD);
        assertThat(again.get("/dashboard").statusCode()).isEqualTo(200);
        String csrf = WebClient.csrfTokenOf(owner.get("/profile/security").body());
        owner.postForm("/profile/security/recovery-codes", Map.of("_csrf", csrf));
        assertThat(again.get("/dashboard").headers().firstValue("Location")).as("after new recovery codes")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void aSessionWaitingForItsSecondFactorCannotAddAPasskey() throws Exception {
        Resident resident = residentWithTotp();
        WebClient web = browser();
        web.signInWithPasswordOnly(resident.username(), PASSWORD);
        String csrf = WebClient.csrfTokenOf(web.get("/login/second-factor").body());

        HttpResponse<String> options = web.postJson("/webauthn/register/options", "{}", "X-CSRF-TOKEN", csrf);

        assertThat(options.statusCode()).isIn(302, 403);
        assertThat(options.body()).doesNotContain("challenge");
        assertThat(web.postJson("/webauthn/register", "{}", "X-CSRF-TOKEN", csrf).statusCode()).isIn(302, 403);
    }

    @Test
    void aMalformedPasskeyIsRefusedWithABadRequest() throws Exception {
        String mobile = newMobile();
        WebClient web = signUp(mobile);
        String csrf = WebClient.csrfTokenOf(web.get("/profile/security").body());
        web.postJson("/webauthn/register/options", "{}", "X-CSRF-TOKEN", csrf);

        HttpResponse<String> refused = web.postJson("/webauthn/register",
                "{\"publicKey\":{\"label\":\"x\",\"credential\":{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\","
                        + "\"response\":{\"attestationObject\":\"AAAA\",\"clientDataJSON\":\"AAAA\"},"
                        + "\"clientExtensionResults\":{}}}}", "X-CSRF-TOKEN", csrf);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(jdbc.sql("select count(*) from user_credentials").query(Long.class).single()).isZero();
    }

    // --- fixtures ---

    record Resident(String mobile, String username, String accountId, String secret, String[] recoveryCodes) {

        String code() {
            return TestAuthenticator.currentCode(secret);
        }

        /** A code of the app that the server has not accepted yet. */
        String nextCode() throws InterruptedException {
            return TestAuthenticator.nextCode("resident", username);
        }
    }

    void ensureAdministratorEnrolled() throws Exception {
        browser().signIn(ADMIN, ADMIN_PASSWORD);
    }

    Resident residentWithTotp() throws Exception {
        String mobile = newMobile();
        WebClient web = signUp(mobile);
        String csrf = WebClient.csrfTokenOf(web.get("/profile/security").body());
        web.postForm("/profile/security/totp", Map.of("_csrf", csrf));
        String page = web.get("/profile/security/totp").body();
        String secret = TestAuthenticator.secretIn(page);
        String username = "second" + mobile.substring(4);
        TestAuthenticator.remember("resident", username, secret);
        HttpResponse<String> confirmed = web.postForm("/profile/security/totp/confirm",
                Map.of("code", TestAuthenticator.nextCode("resident", username), "_csrf", WebClient.csrfTokenOf(page)));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        Matcher codes = RECOVERY_CODE.matcher(confirmed.body());
        String[] recovery = codes.results().map(result -> result.group(1)).toArray(String[]::new);
        assertThat(recovery).as(confirmed.body()).hasSize(10);
        String accountId = jdbc.sql("select id::text from account_resident where mobile = ?").param(mobile)
                .query(String.class).single();
        return new Resident(mobile, username, accountId, secret, recovery);
    }

    static String newMobile() {
        return String.valueOf(numbers.incrementAndGet());
    }

    WebClient signUp(String mobile) throws Exception {
        WebClient web = browser();
        web.submit("/signup", "/signup", Map.of("mobile", mobile));
        web.submit("/signup/verify", "/signup/verify", Map.of("otp", outbox().lastOtpFor(mobile).orElseThrow()));
        HttpResponse<String> created = web.submit("/signup/account", "/signup/account",
                Map.of("username", "second" + mobile.substring(4), "password", PASSWORD));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        return web;
    }
}
