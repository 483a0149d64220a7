package org.tijori;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tijori.account.factor.Base32;
import org.tijori.account.factor.Totp;

/**
 * An authenticator app for tests: remembers the TOTP secret each account set up on each server, and gives
 * the code a person would type. The server accepts each step's code once, so a code is never repeated: when
 * the steps the server is sure to accept (the one before, early in a step; this one; the next) are used up, it
 * waits for the next step, as a person would wait for the app's next code, or uses a recovery code where the
 * caller allows it.
 */
public final class TestAuthenticator {

    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");

    private static final Pattern RECOVERY_CODE = Pattern.compile("<code>([a-z2-9]{5}-[a-z2-9]{5})</code>");

    private static final Map<String, Account> accounts = new ConcurrentHashMap<>();

    private TestAuthenticator() {
    }

    /**
     * Sets up the app for the account signed in on {@code web} (a complete sign-in, or an administrator whom the
     * server sends to set one up) through the pages, and remembers it. Answers the confirmation page.
     */
    public static HttpResponse<String> enrol(WebClient web, String server, String username)
            throws IOException, InterruptedException {
        String csrf = WebClient.csrfTokenOf(web.get("/profile/security").body());
        web.postForm("/profile/security/totp", Map.of("_csrf", csrf));
        String page = web.get("/profile/security/totp").body();
        String secret = secretIn(page);
        var account = new Account(secret);
        accounts.put(key(server, username), account);
        HttpResponse<String> confirmed = web.postForm("/profile/security/totp/confirm",
                Map.of("code", account.nextCode(true), "_csrf", WebClient.csrfTokenOf(page)));
        Matcher code = RECOVERY_CODE.matcher(confirmed.body());
        while (code.find()) {
            account.recoveryCodes.add(code.group(1));
        }
        return confirmed;
    }

    /**
     * Answers the second step of a sign-in on {@code web} with the account's app, or, when the app has no code
     * left that the server would take now, with one of its recovery codes rather than wait for the next step.
     */
    public static HttpResponse<String> answerSecondStep(WebClient web, String server, String username)
            throws IOException, InterruptedException {
        Account account = accounts.get(key(server, username));
        String csrf = WebClient.csrfTokenOf(web.get("/login/second-factor").body());
        String code = account.nextCode(account.recoveryCodes.isEmpty());
        if (code != null) {
            return web.postForm("/login/second-factor", Map.of("code", code, "_csrf", csrf));
        }
        return web.postForm("/login/second-factor/recovery",
                Map.of("recoveryCode", account.recoveryCodes.remove(0), "_csrf", csrf));
    }

    /** The secret an enrolment page shows, as the person reads it. */
    public static String secretIn(String page) {
        Matcher secret = SECRET.matcher(page);
        if (!secret.find()) {
            throw new IllegalStateException("no authenticator secret in the page");
        }
        return secret.group(1).replace(" ", "");
    }

    /** Whether this server's account has an app set up here. */
    public static boolean knows(String server, String username) {
        return accounts.containsKey(key(server, username));
    }

    /** Remembers an app set up by a test itself. */
    public static void remember(String server, String username, String secret) {
        accounts.put(key(server, username), new Account(secret));
    }

    /** The next code of the account's app that the server has not seen yet. */
    public static String nextCode(String server, String username) throws InterruptedException {
        Account account = accounts.get(key(server, username));
        if (account == null) {
            throw new IllegalStateException(username + " has no authenticator here");
        }
        return account.nextCode(true);
    }

    /** The code of the current step for a secret, whether or not it was used. */
    public static String currentCode(String secret) {
        return Totp.code(Base32.decode(secret), Totp.step(Instant.now()));
    }

    private static String key(String server, String username) {
        return server + " " + username.toLowerCase(java.util.Locale.ROOT);
    }

    private static final class Account {

        private final byte[] secret;

        private final java.util.List<String> recoveryCodes = new java.util.concurrent.CopyOnWriteArrayList<>();

        private long lastStep = Long.MIN_VALUE;

        Account(String secret) {
            this.secret = Base32.decode(secret);
        }

        /** A code the server will take now; when there is none, null, or with {@code wait} the next one. */
        synchronized String nextCode(boolean wait) throws InterruptedException {
            while (true) {
                Instant now = Instant.now();
                long current = Totp.step(now);
                // The step before only early in a step: the server may pass into the next one before the code
                // arrives, and then no longer takes it.
                boolean early = now.getEpochSecond() % Totp.STEP_SECONDS < Totp.STEP_SECONDS - 10;
                long step = Math.max(lastStep + 1, early ? current - 1 : current);
                if (step <= current + 1) {
                    lastStep = step;
                    return Totp.code(secret, step);
                }
                if (!wait) {
                    return null;
                }
                Thread.sleep(500);
            }
        }
    }
}
