package org.tijori.account;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.audit.AuditTrail;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resident's journeys over HTTP, as a browser makes them, with the codes read from the SMS outbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tijori.account.otp-sends-per-address=500")
class ResidentJourneyTests {

    static final AtomicLong numbers = new AtomicLong(9_100_000_000L + (System.nanoTime() % 1_000_000) * 100);

    static final String PASSWORD = "a long and unusual phrase";

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

    static String newMobile() {
        return String.valueOf(numbers.incrementAndGet());
    }

    static String username(String mobile) {
        return "resident" + mobile.substring(5);
    }

    /** The whole sign-up; returns the browser, signed in. */
    WebClient signUp(String mobile, String username) throws Exception {
        WebClient web = browser();
        HttpResponse<String> sent = web.submit("/signup", "/signup", Map.of("mobile", mobile));
        assertThat(sent.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/signup/verify"));
        String code = outbox().lastOtpFor(mobile).orElseThrow();
        HttpResponse<String> verified = web.submit("/signup/verify", "/signup/verify", Map.of("otp", code));
        assertThat(verified.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/signup/account"));
        HttpResponse<String> created = web.submit("/signup/account", "/signup/account",
                Map.of("username", username, "password", PASSWORD));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/dashboard?welcome"));
        return web;
    }

    @Test
    void signsUpWithAMobileCodeAndLandsSignedInWithALocker() throws Exception {
        String mobile = newMobile();
        WebClient web = signUp(mobile, username(mobile));

        HttpResponse<String> profile = web.get("/profile");
        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.body()).contains(username(mobile), "******" + mobile.substring(6))
                .containsPattern("id=\"profile-locker-id\">[0-9a-f-]{36}<");
        assertThat(outbox().messagesTo(mobile)).singleElement()
                .satisfies(sms -> assertThat(sms.text()).containsPattern("(?<!\\d)\\d{6}(?!\\d)"));
        String accountId = jdbc.sql("select id::text from account_resident where mobile = ?").param(mobile)
                .query(String.class).single();
        await().untilAsserted(() -> assertThat(trail.about(accountId, 10))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("account.ResidentSignedUp")));
        assertThat(web.get("/").body()).contains(username(mobile));
    }

    @Test
    void oneLockerPerMobileNumber() throws Exception {
        String mobile = newMobile();
        signUp(mobile, username(mobile));

        WebClient again = browser();
        again.submit("/signup", "/signup", Map.of("mobile", mobile));
        again.submit("/signup/verify", "/signup/verify", Map.of("otp", outbox().lastOtpFor(mobile).orElseThrow()));
        HttpResponse<String> refused = again.submit("/signup/account", "/signup/account",
                Map.of("username", "someone-else-" + mobile, "password", PASSWORD));

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("already has a locker");
        assertThat(jdbc.sql("select count(*) from account_resident where mobile = ?").param(mobile)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void badInputGetsAClearMessageAndMakesNoAccount() throws Exception {
        WebClient web = browser();
        HttpResponse<String> notAMobile = web.submit("/signup", "/signup", Map.of("mobile", "12345"));
        assertThat(notAMobile.statusCode()).isEqualTo(200);
        assertThat(notAMobile.body()).contains("10 digits");
        HttpResponse<String> inHindi = web.submit("/signup?lang=hi", "/signup", Map.of("mobile", "12345"));
        assertThat(inHindi.body()).as("in the reader's language")
                .contains("मोबाइल नंबर में 10 अंक होते हैं और वह 6, 7, 8 या 9 से शुरू होता है।").doesNotContain("10 digits");
        web.get("/signup?lang=en");

        String mobile = newMobile();
        web.submit("/signup", "/signup", Map.of("mobile", mobile));
        web.submit("/signup/verify", "/signup/verify", Map.of("otp", outbox().lastOtpFor(mobile).orElseThrow()));
        assertThat(web.submit("/signup/account", "/signup/account", Map.of("username", "ok-name-" + mobile,
                "password", "password1")).body()).contains("most common");
        assertThat(web.submit("/signup/account", "/signup/account", Map.of("username", "ok-name-" + mobile,
                "password", "x".repeat(129))).body()).contains("at most 128");
        assertThat(web.submit("/signup/account", "/signup/account", Map.of("username", "a".repeat(33),
                "password", PASSWORD)).body()).contains("3 to 32");
        assertThat(web.submit("/signup/account", "/signup/account", Map.of("username", "<script>",
                "password", PASSWORD)).body()).contains("3 to 32").doesNotContain("<script>");
        assertThat(web.submit("/signup/account?lang=hi", "/signup/account", Map.of("username", "ok-name-" + mobile,
                "password", "password1")).body()).as("in the reader's language")
                .contains("यह पासवर्ड सबसे आम पासवर्डों में से एक है।").doesNotContain("most common");
        assertThat(web.submit("/signup/account", "/signup/account", Map.of("username", "a".repeat(33),
                "password", PASSWORD)).body()).contains("उपयोगकर्ता नाम में 3 से 32 अक्षर");
        web.get("/signup/account?lang=en");
        assertThat(jdbc.sql("select count(*) from account_resident where mobile = ?").param(mobile)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aPostWithoutItsCsrfTokenIsRefused() throws Exception {
        HttpResponse<String> forged = browser().postForm("/signup", Map.of("mobile", newMobile()), "Accept", "text/html");

        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void wrongCodesCountDownAndFiveEndTheCode() throws Exception {
        String mobile = newMobile();
        WebClient web = browser();
        web.submit("/signup", "/signup", Map.of("mobile", mobile));
        String right = outbox().lastOtpFor(mobile).orElseThrow();
        String wrong = right.equals("000000") ? "111111" : "000000";

        assertThat(web.submit("/signup/verify", "/signup/verify", Map.of("otp", wrong)).body())
                .contains("4 more times");
        for (int i = 0; i < 4; i++) {
            web.submit("/signup/verify", "/signup/verify", Map.of("otp", wrong));
        }
        HttpResponse<String> afterFive = web.submit("/signup/verify", "/signup/verify", Map.of("otp", right));

        assertThat(afterFive.statusCode()).isEqualTo(200);
        assertThat(afterFive.body()).contains("Too many wrong codes");
    }

    @Test
    void aCodeWorksOnceAndOnlyInTheBrowserThatAskedForIt() throws Exception {
        String mobile = newMobile();
        WebClient asker = browser();
        asker.submit("/signup", "/signup", Map.of("mobile", mobile));
        String code = outbox().lastOtpFor(mobile).orElseThrow();

        WebClient stranger = browser();
        stranger.submit("/signup", "/signup", Map.of("mobile", newMobile()));
        HttpResponse<String> elsewhere = stranger.submit("/signup/verify", "/signup/verify", Map.of("otp", code));
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(elsewhere.body()).contains("That code is not right");

        assertThat(asker.submit("/signup/verify", "/signup/verify", Map.of("otp", code)).statusCode()).isEqualTo(302);
        HttpResponse<String> replayed = asker.postForm("/signup/verify", Map.of("otp", code,
                "_csrf", WebClient.csrfTokenOf(asker.get("/signup").body())));
        assertThat(replayed.body()).contains("No code is waiting");
    }

    @Test
    void aNewCodeOnlyAfterThirtySeconds() throws Exception {
        WebClient web = browser();
        web.submit("/signup", "/signup", Map.of("mobile", newMobile()));

        HttpResponse<String> tooSoon = web.submit("/signup/verify", "/signup/verify/resend", Map.of());

        assertThat(tooSoon.body()).contains("Please wait");
    }

    @Test
    void atMostFiveCodesAnHourToOneNumber() throws Exception {
        String mobile = newMobile();
        for (int i = 0; i < 5; i++) {
            assertThat(browser().submit("/signup", "/signup", Map.of("mobile", mobile)).statusCode()).isEqualTo(302);
        }
        HttpResponse<String> sixth = browser().submit("/signup", "/signup", Map.of("mobile", mobile));

        assertThat(sixth.statusCode()).isEqualTo(200);
        assertThat(sixth.body()).contains("Too many codes were sent to this number");
        assertThat(outbox().messagesTo(mobile)).hasSize(5);
    }

    @Test
    void signsInWithThePasswordAndTheSameAnswerForAnyMistake() throws Exception {
        String mobile = newMobile();
        signUp(mobile, username(mobile));

        WebClient web = browser();
        HttpResponse<String> signedIn = web.signIn(username(mobile), PASSWORD);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));
        assertThat(web.get("/profile").statusCode()).isEqualTo(200);

        String wrongPassword = browser().signIn(username(mobile), "not the password at all").headers()
                .firstValue("Location").orElseThrow();
        String unknownUser = browser().signIn("nobody-" + mobile, "not the password at all").headers()
                .firstValue("Location").orElseThrow();
        assertThat(wrongPassword).endsWith("/login?error").isEqualTo(unknownUser);
    }

    @Test
    void signsInWithACodeWithoutTellingWhichNumbersHaveALocker() throws Exception {
        String mobile = newMobile();
        signUp(mobile, username(mobile));

        WebClient web = browser();
        HttpResponse<String> sent = web.submit("/login", "/login/mobile", Map.of("mobile", mobile));
        HttpResponse<String> signedIn = web.submit("/login/otp", "/login/otp",
                Map.of("otp", outbox().lastOtpFor(mobile).orElseThrow()));
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));
        assertThat(web.get("/profile").body()).contains(username(mobile));

        String stranger = newMobile();
        WebClient other = browser();
        HttpResponse<String> strangerSent = other.submit("/login", "/login/mobile", Map.of("mobile", stranger));
        assertThat(strangerSent.statusCode()).isEqualTo(sent.statusCode());
        assertThat(strangerSent.headers().firstValue("Location")).isEqualTo(sent.headers().firstValue("Location"));
        assertThat(outbox().messagesTo(stranger)).isEmpty();
        assertThat(other.submit("/login/otp", "/login/otp", Map.of("otp", "123456")).body())
                .contains("That code is not right");
    }

    @Test
    void resetsAForgottenPasswordWithACode() throws Exception {
        String mobile = newMobile();
        WebClient old = signUp(mobile, username(mobile));

        WebClient web = browser();
        web.submit("/login/reset", "/login/reset", Map.of("mobile", mobile));
        web.submit("/login/reset/verify", "/login/reset/verify", Map.of("otp", outbox().lastOtpFor(mobile).orElseThrow()));
        assertThat(web.submit("/login/reset/password", "/login/reset/password", Map.of("password", "12345678"))
                .body()).contains("most common");
        HttpResponse<String> reset = web.submit("/login/reset/password", "/login/reset/password",
                Map.of("password", "another long phrase of mine"));

        assertThat(reset.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/profile"));
        assertThat(old.get("/profile").statusCode()).as("other sessions end").isEqualTo(302);
        assertThat(browser().signIn(username(mobile), PASSWORD).headers().firstValue("Location").orElseThrow())
                .endsWith("?error");
        assertThat(browser().signIn(username(mobile), "another long phrase of mine").headers()
                .firstValue("Location").orElseThrow()).endsWith("/dashboard");
    }

    @Test
    void changingThePasswordEndsTheOtherSessions() throws Exception {
        String mobile = newMobile();
        WebClient here = signUp(mobile, username(mobile));
        WebClient elsewhere = browser();
        elsewhere.signIn(username(mobile), PASSWORD);
        assertThat(elsewhere.get("/profile").statusCode()).isEqualTo(200);

        assertThat(here.submit("/profile", "/profile/password", Map.of("currentPassword", "wrong one entirely",
                "newPassword", "a fresh long phrase")).body()).contains("current password is not right");
        HttpResponse<String> changed = here.submit("/profile", "/profile/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "a fresh long phrase"));

        assertThat(changed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("passwordChanged"));
        assertThat(here.get("/profile").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/profile").statusCode()).isEqualTo(302);
    }

    @Test
    void signsOutEverywhere() throws Exception {
        String mobile = newMobile();
        WebClient here = signUp(mobile, username(mobile));
        WebClient elsewhere = browser();
        elsewhere.signIn(username(mobile), PASSWORD);

        here.submit("/profile", "/profile/sign-out-everywhere", Map.of());

        assertThat(here.get("/profile").statusCode()).isEqualTo(302);
        assertThat(elsewhere.get("/profile").statusCode()).isEqualTo(302);
    }

    @Test
    void signsOutOfThisBrowserAndTheTrailSaysSo() throws Exception {
        String mobile = newMobile();
        WebClient web = signUp(mobile, username(mobile));
        String accountId = jdbc.sql("select id::text from account_resident where mobile = ?").param(mobile)
                .query(String.class).single();

        HttpResponse<String> out = web.submit("/profile", "/logout", Map.of());

        assertThat(out.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(web.get("/profile").statusCode()).isEqualTo(302);
        await().untilAsserted(() -> assertThat(trail.about(accountId, 20))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("account.SignedOut")));
    }

    @Test
    void changesTheMobileNumberAfterTheNewOneIsProven() throws Exception {
        String mobile = newMobile();
        String next = newMobile();
        WebClient web = signUp(mobile, username(mobile));
        WebClient elsewhere = new WebClient(port);
        elsewhere.signIn(username(mobile), PASSWORD);
        assertThat(elsewhere.get("/profile").statusCode()).isEqualTo(200);

        assertThat(web.submit("/profile", "/profile/mobile", Map.of("mobile", next, "password", "wrong password x"))
                .body()).contains("password is not right");
        web.submit("/profile", "/profile/mobile", Map.of("mobile", next, "password", PASSWORD));
        HttpResponse<String> changed = web.submit("/profile/mobile/verify", "/profile/mobile/verify",
                Map.of("otp", outbox().lastOtpFor(next).orElseThrow()));

        assertThat(changed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("mobileChanged"));
        assertThat(web.get("/profile").body()).contains("******" + next.substring(6));
        assertThat(jdbc.sql("select mobile from account_resident where lower(username) = lower(?)")
                .param(username(mobile)).query(String.class).single()).isEqualTo(next);
        assertThat(elsewhere.get("/profile").statusCode()).as("another session ends with the old number").isEqualTo(302);
    }

    @Test
    void deletesTheAccountAfterAWarningAndThePassword() throws Exception {
        String mobile = newMobile();
        WebClient web = signUp(mobile, username(mobile));
        String accountId = jdbc.sql("select id::text from account_resident where mobile = ?").param(mobile)
                .query(String.class).single();

        assertThat(web.submit("/profile", "/profile/delete", Map.of("password", PASSWORD)).body())
                .contains("Tick the box");
        assertThat(web.get("/profile").body()).contains("cannot be undone");
        HttpResponse<String> deleted = web.submit("/profile", "/profile/delete",
                Map.of("password", PASSWORD, "confirm", "yes"));

        assertThat(deleted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("accountDeleted"));
        assertThat(web.get("/profile").statusCode()).isEqualTo(302);
        assertThat(browser().signIn(username(mobile), PASSWORD).headers().firstValue("Location").orElseThrow())
                .endsWith("?error");
        assertThat(jdbc.sql("select status, deletion_due_at is not null, mobile from account_resident where id::text = ?")
                .param(accountId).query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3))).single())
                .containsExactly("DELETION_SCHEDULED", "t", "deleted:" + accountId);
        // The number is free again for a new locker.
        signUp(mobile, username(mobile) + "x");
    }

    @Test
    void tooManyWrongPasswordsBlockEvenTheRightOne() throws Exception {
        String mobile = newMobile();
        signUp(mobile, username(mobile));
        for (int i = 0; i < 10; i++) {
            browser().signIn(username(mobile), "wrong password " + i);
        }

        HttpResponse<String> blocked = browser().signIn(username(mobile), PASSWORD);

        assertThat(blocked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("?throttled"));
    }

    @Test
    void keepsSessionsInPostgres() throws Exception {
        String mobile = newMobile();
        signUp(mobile, username(mobile));
        String accountId = jdbc.sql("select id::text from account_resident where mobile = ?").param(mobile)
                .query(String.class).single();

        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(accountId)
                .query(Long.class).single()).isEqualTo(1);
    }
}
