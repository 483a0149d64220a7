package org.tijori.account;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.Chromium;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.TestAuthenticator;
import org.tijori.WebClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys and the authenticator app in Chromium, as a person uses them: a virtual authenticator (Chrome
 * DevTools' WebAuthn domain: CTAP2, built in, resident keys, user verification) makes and uses passkeys; the
 * app's codes are computed from the key the page shows. The server listens on a port chosen before it starts,
 * because the passkeys' relying party, and so the only origin they accept, is {@code tijori.base-url}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "tijori.admin.username=" + SecondFactorInBrowserTests.ADMIN,
        "tijori.admin.password=" + SecondFactorInBrowserTests.PASSWORD,
        "tijori.account.otp-sends-per-address=500" })
class SecondFactorInBrowserTests {

    static final String ADMIN = "keeper";

    static final String PASSWORD = "a long and unusual phrase";

    static final int PORT = freePort();

    static final AtomicLong numbers = new AtomicLong(9_400_000_000L + (System.nanoTime() % 1_000_000) * 100);

    private static Chromium chromium;

    @Autowired
    StateDirectory state;

    @Autowired
    JdbcClient jdbc;

    private BrowserContext context;

    private Page page;

    private final List<String> problems = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    @BeforeAll
    static void launchChromium() {
        chromium = Chromium.launchOrSkip();
    }

    @AfterAll
    static void closeChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + PORT).setLocale("en-GB").setViewportSize(1280, 800));
        context.setDefaultTimeout(15_000);
        context.addInitScript("document.addEventListener('securitypolicyviolation', e => console.error("
                + "'CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));");
        page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                problems.add(path(page.url()) + ": " + message.text());
            }
        });
        page.onPageError(error -> problems.add(path(page.url()) + ": " + error));
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void aResidentAddsAPasskeyAndSignsInWithItAlone() {
        addVirtualAuthenticator();
        String username = signUp();
        signInWithPassword(username);
        page.waitForURL(url -> path(url).equals("/dashboard"));

        page.navigate("/profile");
        page.locator("#security-link").click();
        page.locator("#passkey-label").fill("Test laptop");
        page.locator("#passkey-add").click();
        page.waitForURL(url -> url.contains("passkeyAdded"));
        assertThat(page.locator("#passkeys").innerText()).contains("Test laptop");

        signOut();
        page.navigate("/login");
        page.locator("#passkey-sign-in").click();
        page.waitForURL(url -> path(url).equals("/dashboard"));
        assertThat(page.locator(".account__name").innerText()).contains(username);

        assertThat(jdbc.sql("select last_used > created from user_credentials where label = 'Test laptop'")
                .query(Boolean.class).single()).as("the passkey's last use is recorded").isTrue();
        // With a passkey, the password alone no longer signs this resident in; the passkey completes it.
        signOut();
        signInWithPassword(username);
        page.waitForURL(url -> path(url).equals("/login/second-factor"));
        page.locator("#passkey-sign-in").click();
        page.waitForURL(url -> path(url).equals("/dashboard"));
        assertThat(problems).isEmpty();
    }

    @Test
    void anAdministratorSetsUpAPasskeyBeforeAnythingElse() {
        addVirtualAuthenticator();
        jdbc.sql("delete from account_totp").update();
        jdbc.sql("delete from user_credentials").update();
        signInWithPassword(ADMIN);
        page.waitForURL(url -> path(url).equals("/profile/security"));
        assertThat(page.locator("#enrolment-required").isVisible()).isTrue();
        page.navigate("/admin/issuers");
        assertThat(path(page.url())).isEqualTo("/profile/security");

        page.locator("#passkey-label").fill("Admin key");
        page.locator("#passkey-add").click();
        page.waitForURL(url -> url.contains("passkeyAdded"));
        page.locator("#passkey-sign-in").click();
        page.waitForURL(url -> path(url).equals("/admin"));

        page.navigate("/admin/issuers");
        assertThat(path(page.url())).isEqualTo("/admin/issuers");
        assertThat(problems).isEmpty();
    }

    @Test
    void aResidentSetsUpAnAuthenticatorAppAndSignsInWithItsCode() throws Exception {
        String username = signUp();
        signInWithPassword(username);
        page.waitForURL(url -> path(url).equals("/dashboard"));
        page.navigate("/profile/security");
        page.locator("#totp-set-up").press("Enter");
        page.waitForURL(url -> path(url).equals("/profile/security/totp"));
        assertThat(page.locator(".qr-box svg").isVisible()).isTrue();
        String secret = page.locator("#totp-secret").innerText().replace(" ", "");
        TestAuthenticator.remember("browser", username, secret);
        page.locator("#code").fill(TestAuthenticator.nextCode("browser", username));
        page.locator("#code").press("Enter");
        page.waitForURL(url -> path(url).equals("/profile/security/totp/confirm"));
        assertThat(page.locator("#recovery-codes li").count()).isEqualTo(10);

        signOut();
        page.setViewportSize(360, 740);
        signInWithPassword(username);
        page.waitForURL(url -> path(url).equals("/login/second-factor"));
        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth"))
                .as("second step on a 360px screen").isLessThanOrEqualTo(360);
        // With the keyboard only: the code field has the focus, Enter sends it. Chromium applies autofocus at
        // its next rendering opportunity, so wait for the focus to land before typing.
        page.waitForFunction("() => document.activeElement && document.activeElement.id === 'code'");
        page.keyboard().type(TestAuthenticator.nextCode("browser", username));
        page.keyboard().press("Enter");
        page.waitForURL(url -> path(url).equals("/dashboard"));
        assertThat(problems).isEmpty();
    }

    private void addVirtualAuthenticator() {
        CDPSession devTools = context.newCDPSession(page);
        devTools.send("WebAuthn.enable");
        JsonObject options = new JsonObject();
        options.addProperty("protocol", "ctap2");
        options.addProperty("transport", "internal");
        options.addProperty("hasResidentKey", true);
        options.addProperty("hasUserVerification", true);
        options.addProperty("isUserVerified", true);
        options.addProperty("automaticPresenceSimulation", true);
        JsonObject parameters = new JsonObject();
        parameters.add("options", options);
        devTools.send("WebAuthn.addVirtualAuthenticator", parameters);
    }

    private String signUp() {
        String mobile = String.valueOf(numbers.incrementAndGet());
        String username = "browser" + mobile.substring(4);
        try {
            WebClient web = new WebClient(PORT);
            web.submit("/signup", "/signup", Map.of("mobile", mobile));
            web.submit("/signup/verify", "/signup/verify",
                    Map.of("otp", SmsOutbox.of(state.root()).lastOtpFor(mobile).orElseThrow()));
            web.submit("/signup/account", "/signup/account", Map.of("username", username, "password", PASSWORD));
        }
        catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return username;
    }

    private void signInWithPassword(String username) {
        page.navigate("/login");
        page.locator("#username").fill(username);
        page.locator("#password").fill(PASSWORD);
        page.locator("#password").press("Enter");
    }

    private void signOut() {
        page.navigate("/");
        page.locator(".account__signout button").click();
        page.waitForURL(url -> path(url).equals("/login"));
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
