package org.tijori.account;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.tijori.BehindATrustedProxy;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.TestAuthenticator;
import org.tijori.WebClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing over HTTP, from many client addresses (presented through the trusted proxy): no more
 * passwords are compared than the budgets allow however many arrive at once, a stranger cannot lock the owner
 * out, and every password the application asks for is counted the same way. The budgets are the defaults:
 * 5 wrong passwords per username and address, 50 per address, 20 per username, in 15 minutes.
 */
@BehindATrustedProxy
class SignInThrottleTests {

    static final String PASSWORD = "a long and unusual phrase";

    static final int PER_USERNAME_AND_ADDRESS = 5;

    static final int PER_USERNAME = 20;

    static final AtomicLong numbers = new AtomicLong(8_200_000_000L + (System.nanoTime() % 1_000_000) * 100);

    static final AtomicInteger addresses = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    StateDirectory state;

    @Autowired
    JdbcClient jdbc;

    /** A client address of its own for each use (TEST-NET-2 and -3 are never routed, so never a real client). */
    static String newAddress() {
        int n = addresses.incrementAndGet();
        return (n % 2 == 0 ? "198.51.100." : "203.0.113.") + (n / 2 % 250 + 1);
    }

    /** Signs a new resident up from {@code address}; returns the username, the mobile and the signed-in browser. */
    Resident signUp(String address) throws Exception {
        String mobile = String.valueOf(numbers.incrementAndGet());
        String username = "guessed" + mobile.substring(4);
        WebClient web = new WebClient(port);
        post(web, "/signup", "/signup", Map.of("mobile", mobile), address);
        String code = SmsOutbox.of(state.root()).lastOtpFor(mobile).orElseThrow();
        post(web, "/signup/verify", "/signup/verify", Map.of("otp", code), address);
        HttpResponse<String> created = post(web, "/signup/account", "/signup/account",
                Map.of("username", username, "password", PASSWORD), address);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        return new Resident(username, mobile, web);
    }

    /** Fetches {@code page} for its CSRF token and posts the form, both from {@code address}. */
    static HttpResponse<String> post(WebClient web, String page, String action, Map<String, String> fields,
            String address) throws Exception {
        var withToken = new java.util.LinkedHashMap<>(fields);
        withToken.put("_csrf", WebClient.csrfTokenOf(web.get(page, "X-Forwarded-For", address).body()));
        return web.postForm(action, withToken, "X-Forwarded-For", address);
    }

    /** Where a password sign-in from {@code address} lands: {@code /dashboard}, {@code ?error}, {@code ?throttled}. */
    String signIn(String username, String password, String address) throws Exception {
        HttpResponse<String> response = post(new WebClient(port), "/login", "/login",
                Map.of("username", username, "password", password), address);
        return response.headers().firstValue("Location").orElse("status " + response.statusCode());
    }

    /** Wrong passwords compared for a username: its entries in the trail, chained or still waiting to be. */
    long comparedAndWrong(String username) {
        return jdbc.sql("""
                select count(*) from (select action, subject from audit_entry
                                      union all select action, subject from audit_inbox) recorded
                where action = 'account.SignInFailed' and subject = ?""").param(username).query(Long.class).single();
    }

    @Test
    void wrongPasswordsSentAllAtOnceAreComparedNoMoreThanTheBudgetAllows() throws Exception {
        Resident owner = signUp(newAddress());
        String attacker = newAddress();
        int parallel = 20;
        // Each guess has its page and CSRF token ready, so that all twenty reach the server together.
        List<WebClient> guessers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            WebClient web = new WebClient(port);
            tokens.add(WebClient.csrfTokenOf(web.get("/login", "X-Forwarded-For", attacker).body()));
            guessers.add(web);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            var start = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                WebClient web = guessers.get(i);
                Map<String, String> form = Map.of("username", owner.username(), "password", "wrong guess " + i,
                        "_csrf", tokens.get(i));
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return web.postForm("/login", form, "X-Forwarded-For", attacker).headers()
                            .firstValue("Location").orElseThrow();
                }));
            }
            start.countDown();
            List<String> landed = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                landed.add(outcome.get());
            }

            assertThat(comparedAndWrong(owner.username())).as("passwords compared and found wrong")
                    .isEqualTo(PER_USERNAME_AND_ADDRESS);
            assertThat(landed).filteredOn(location -> location.endsWith("/login?error"))
                    .hasSize(PER_USERNAME_AND_ADDRESS);
            assertThat(landed).filteredOn(location -> location.endsWith("/login?throttled"))
                    .hasSize(parallel - PER_USERNAME_AND_ADDRESS);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStrangersGuessesDoNotLockTheOwnerOut() throws Exception {
        Resident owner = signUp(newAddress());
        String stranger = newAddress();
        for (int i = 0; i < 20; i++) {
            signIn(owner.username(), "wrong guess " + i, stranger);
        }

        assertThat(signIn(owner.username(), PASSWORD, stranger)).as("even the right password, from the stranger")
                .endsWith("/login?throttled");
        assertThat(signIn(owner.username(), PASSWORD, newAddress())).as("the owner, from elsewhere")
                .endsWith("/dashboard");
    }

    @Test
    void onceGuessesFromManyAddressesSpendTheUsernameTheOwnerSignsInWithACodeAndThePasswordWorksAgain()
            throws Exception {
        Resident owner = signUp(newAddress());
        for (int stranger = 0; stranger < PER_USERNAME / PER_USERNAME_AND_ADDRESS; stranger++) {
            String address = newAddress();
            for (int i = 0; i < PER_USERNAME_AND_ADDRESS; i++) {
                assertThat(signIn(owner.username(), "wrong guess " + i, address)).endsWith("/login?error");
            }
        }
        String home = newAddress();
        assertThat(signIn(owner.username(), PASSWORD, home)).as("the password alone, for now")
                .endsWith("/login?throttled");

        WebClient web = new WebClient(port);
        post(web, "/login", "/login/mobile", Map.of("mobile", owner.mobile()), home);
        String code = SmsOutbox.of(state.root()).lastOtpFor(owner.mobile()).orElseThrow();
        HttpResponse<String> byCode = post(web, "/login/otp", "/login/otp", Map.of("otp", code), home);
        assertThat(byCode.headers().firstValue("Location")).as("the code still signs the owner in")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/dashboard"));
        assertThat(web.get("/profile").statusCode()).isEqualTo(200);

        assertThat(signIn(owner.username(), PASSWORD, home)).as("and the password works again")
                .endsWith("/dashboard");
    }

    @Test
    void onceStrangersSpendTheUsernameOfAnAccountWithASecondFactorItsPasswordStillLeadsToTheSecondStep()
            throws Exception {
        Resident owner = signUp(newAddress());
        TestAuthenticator.enrol(owner.web(), "throttle", owner.username());
        for (int stranger = 0; stranger < PER_USERNAME / PER_USERNAME_AND_ADDRESS; stranger++) {
            String address = newAddress();
            for (int i = 0; i < PER_USERNAME_AND_ADDRESS; i++) {
                assertThat(signIn(owner.username(), "wrong guess " + i, address)).endsWith("/login?error");
            }
        }
        String home = newAddress();
        assertThat(signIn(owner.username(), "yet another guess", home)).as("a wrong password is still wrong")
                .endsWith("/login?error");

        WebClient web = new WebClient(port);
        HttpResponse<String> password = post(web, "/login", "/login",
                Map.of("username", owner.username(), "password", PASSWORD), home);
        assertThat(password.headers().firstValue("Location")).as("the password opens the second step")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login/second-factor"));
        String page = web.get("/login/second-factor", "X-Forwarded-For", home).body();
        HttpResponse<String> second = web.postForm("/login/second-factor", Map.of("code",
                TestAuthenticator.nextCode("throttle", owner.username()), "_csrf", WebClient.csrfTokenOf(page)),
                "X-Forwarded-For", home);
        assertThat(second.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/dashboard"));
    }

    @Test
    void thePasswordAskedAgainOnTheProfileIsCountedLikeASignIn() throws Exception {
        String address = newAddress();
        Resident owner = signUp(address);
        String newMobile = String.valueOf(numbers.incrementAndGet());
        for (int i = 0; i < PER_USERNAME_AND_ADDRESS; i++) {
            HttpResponse<String> wrong = post(owner.web(), "/profile", "/profile/mobile",
                    Map.of("mobile", newMobile, "password", "wrong guess " + i), address);
            assertThat(wrong.body()).contains("The password is not right.");
        }

        HttpResponse<String> mobile = post(owner.web(), "/profile", "/profile/mobile",
                Map.of("mobile", newMobile, "password", PASSWORD), address);
        HttpResponse<String> password = post(owner.web(), "/profile", "/profile/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "another long phrase of mine"), address);
        HttpResponse<String> delete = post(owner.web(), "/profile", "/profile/delete",
                Map.of("password", PASSWORD, "confirm", "yes"), address);

        for (HttpResponse<String> refused : List.of(mobile, password, delete)) {
            assertThat(refused.statusCode()).as(refused.uri().getPath()).isEqualTo(429);
            assertThat(refused.body()).contains("Too many wrong passwords lately, so this one was not checked.");
        }
        assertThat(SmsOutbox.of(state.root()).messagesTo(newMobile)).isEmpty();
        assertThat(owner.web().get("/profile").statusCode()).as("the account is still there").isEqualTo(200);
        assertThat(signIn(owner.username(), PASSWORD, address)).as("the same budget as a sign-in")
                .endsWith("/login?throttled");
    }

    @Test
    void anAdministratorsPasswordIsCountedTheSameWay() throws Exception {
        String stranger = newAddress();
        for (int i = 0; i < PER_USERNAME_AND_ADDRESS; i++) {
            assertThat(signIn(BehindATrustedProxy.ADMIN, "wrong guess " + i, stranger)).endsWith("/login?error");
        }

        assertThat(signIn(BehindATrustedProxy.ADMIN, BehindATrustedProxy.PASSWORD, stranger))
                .endsWith("/login?throttled");
        assertThat(signIn(BehindATrustedProxy.ADMIN, BehindATrustedProxy.PASSWORD, newAddress()))
                .as("the administrator, from elsewhere").doesNotContain("/login?");
    }

    record Resident(String username, String mobile, WebClient web) {
    }
}
