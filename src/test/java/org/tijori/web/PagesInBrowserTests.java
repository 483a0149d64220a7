package org.tijori.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.Chromium;
import org.tijori.TestAuthenticator;
import org.tijori.WebClient;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.Certificates;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

@SpringBootTest(webEnvironment = RANDOM_PORT, properties = { "tijori.admin.username=admin",
        "tijori.admin.password=" + PagesInBrowserTests.PASSWORD })
class PagesInBrowserTests {

    static final String PASSWORD = "correct-horse-battery";

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static Chromium chromium;

    @LocalServerPort
    int port;

    private BrowserContext context;

    private Page page;

    private final List<String> consoleMessages = new CopyOnWriteArrayList<>();

    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    // Static, so that a machine without Chromium skips the class before the application starts.
    @BeforeAll
    static void launchChromium() throws IOException {
        chromium = Chromium.launchOrSkip();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openPage() {
        // The language comes from Accept-Language until a cookie says otherwise: pin it to English.
        context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port)
                .setLocale("en-GB")
                .setViewportSize(1280, 800));
        page = context.newPage();
        page.onConsoleMessage(message -> consoleMessages.add(message.type() + ": " + message.text()));
        page.onPageError(pageErrors::add);
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    @Test
    void homePageHasNoHorizontalOverflowOnAPhone() {
        page.setViewportSize(360, 740);
        page.navigate("/");
        screenshot("home-360");

        assertThat(page.evaluate("window.innerWidth")).isEqualTo(360);
        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth"))
                .as("page width on a 360px screen").isLessThanOrEqualTo(360);
        assertThat(page.locator("h1").isVisible()).isTrue();
    }

    @Test
    void homePageOffersEveryWayInOnAPhoneInEitherLanguageAndToTheKeyboard() {
        page.setViewportSize(390, 844);
        Map<String, String> links = new LinkedHashMap<>();
        links.put("/login", "home.cta.signIn");
        links.put("/signup", "home.cta.signUp");
        links.put("/verify", "home.verify.action");
        links.put("/esign/verify", "home.cta.esign");
        links.put("/issuer/register", "home.issuers.register");
        links.put("/requester/register", "home.requesters.register");
        for (String bundle : List.of("messages", "messages_hi")) {
            page.navigate(bundle.equals("messages") ? "/?lang=en" : "/?lang=hi");
            screenshot("home-390-" + bundle);
            assertThat((Integer) page.evaluate("document.documentElement.scrollWidth"))
                    .as("page width on a 390px screen").isLessThanOrEqualTo(390);
            links.forEach((href, key) -> {
                Locator link = page.locator("main a[href='" + href + "']").first();
                assertThat(link.isVisible()).as(href).isTrue();
                assertThat(link.innerText().strip()).as(href).isEqualTo(message(bundle, key));
                BoundingBox box = link.boundingBox();
                assertThat(box.x + box.width).as(href + " fits the screen").isLessThanOrEqualTo(390);
            });
            assertThat(page.locator("#help-title").innerText()).isEqualTo(message(bundle, "home.help.title"));
        }

        page.navigate("/?lang=en");
        Set<String> reached = new LinkedHashSet<>();
        for (int presses = 0; presses < 60 && !reached.containsAll(links.keySet()); presses++) {
            page.keyboard().press("Tab");
            Object href = page.evaluate("document.activeElement.getAttribute('href')");
            if (href != null) {
                reached.add((String) href);
            }
        }
        assertThat(reached).as("links reached with Tab").containsAll(links.keySet());
        page.navigate("/?lang=en");
        for (int presses = 0; presses < 60 && !"/signup".equals(page.evaluate(
                "document.activeElement.getAttribute('href')")); presses++) {
            page.keyboard().press("Tab");
        }
        page.keyboard().press("Enter");
        page.waitForURL(url -> path(url).equals("/signup"));
    }

    @Test
    void keyboardReachesSkipLinkFirstAndItMovesFocusToMain() {
        page.navigate("/");

        page.keyboard().press("Tab");
        Locator focused = page.locator(":focus");
        assertThat(focused.getAttribute("href")).isEqualTo("#main");
        assertThat(focused.isVisible()).isTrue();
        // The skip link is moved above the viewport until focused; "visible" has to mean on screen.
        BoundingBox box = focused.boundingBox();
        assertThat(box.y).as("top of the focused skip link").isGreaterThanOrEqualTo(0);

        page.keyboard().press("Enter");
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("main");
    }

    @Test
    void signsInWithTheKeyboardOnly() throws Exception {
        page.navigate("/login");
        signInWithKeyboard("admin", PASSWORD);
        answerSecondStepWithKeyboard();
        page.waitForURL(url -> path(url).equals("/admin"));

        assertThat(page.locator(".account__name").innerText()).contains("admin");
        Locator signOut = page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName(message("messages", "nav.signOut")));
        assertThat(signOut.isVisible()).isTrue();

        signOut.click();
        page.waitForURL(url -> path(url).equals("/login"));
        signInWithKeyboard("admin", "wrong-horse-battery");
        page.waitForURL(url -> url.contains("error"));

        assertThat(path(page.url())).isEqualTo("/login");
        Locator alert = page.getByRole(AriaRole.ALERT);
        assertThat(alert.isVisible()).isTrue();
        assertThat(alert.innerText()).isEqualTo(message("messages", "login.error"));
    }

    @Test
    void pagesLoadWithoutContentSecurityPolicyViolations() throws Exception {
        page.navigate("/");
        assertThat(page.evaluate("typeof window.htmx !== 'undefined'")).isEqualTo(true);
        screenshot("home-1280");
        page.navigate("/login");
        screenshot("login");
        page.navigate("/login?error");
        page.navigate("/issuer/login");
        screenshot("issuer-login");
        signIn();
        page.navigate("/admin/issuers");
        screenshot("admin-issuers");
        page.navigate("/no-such-page");
        screenshot("not-found");

        assertThat(consoleMessages).noneMatch(text -> text.contains("Content Security Policy"))
                .noneMatch(text -> text.contains("Refused to"));
        assertThat(pageErrors).isEmpty();
    }

    /**
     * The administrator reads the issuer's signing certificate before approving, then gets the new secrets on a
     * page of its own (a reload sends nothing again and shows them no more) and copies one with the keyboard.
     */
    @Test
    void anAdministratorChecksTheCertificateApprovesAndCopiesTheSecretWithTheKeyboard() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.copy" + System.nanoTime() % 1_000_000,
                TestIssuerKeys.generate("Board of copies"));
        assertThat(new WebClient(port).postJson("/api/v1/issuers/registrations", issuer.registrationJson("HSCER"))
                .statusCode()).isEqualTo(202);
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
        signIn();
        page.navigate("/admin/issuers");

        Locator certificate = page.locator("[id='certificate-" + issuer.issuerId + "']");
        assertThat(certificate.locator(".certificate__fingerprint").innerText())
                .isEqualTo(Certificates.sha256Fingerprint(issuer.keys.certificate()));
        assertThat(certificate.locator(".certificate__subject").innerText()).contains("CN=Board of copies");
        assertThat(certificate.locator(".certificate__not-after").innerText())
                .matches("\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2} IST");

        page.locator("[id='issuer-" + issuer.issuerId + "'] form[action$='/approve'] button").click();
        page.waitForURL(url -> path(url).equals("/admin/issuers"));
        Locator shown = page.locator("#new-credentials");
        assertThat(shown.isVisible()).isTrue();
        assertThat(shown.locator(".alert--error, [role='alert']").count()).as("no error styling for a success").isZero();
        String secret = page.locator("#new-client-secret").innerText();

        for (int presses = 0; presses < 80 && !"new-client-secret".equals(page.evaluate(
                "document.activeElement.getAttribute('data-copy')")); presses++) {
            page.keyboard().press("Tab");
        }
        assertThat(page.evaluate("document.activeElement.getAttribute('aria-label')"))
                .isEqualTo("Copy the client secret");
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.getElementById('copy-status').textContent === 'Copied'");
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Copied")).count())
                .isEqualTo(1);
        assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(secret);

        page.reload();
        assertThat(page.locator("#new-client-secret").count()).as("shown once").isZero();
        assertThat(pageErrors).isEmpty();
    }

    @Test
    void switchesToHindiAndRemembersIt() {
        page.navigate("/");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(message("messages", "nav.lang.hi")))
                .click();
        page.waitForURL(url -> url.contains("lang=hi"));

        assertThat(page.evaluate("document.documentElement.lang")).isEqualTo("hi");
        assertThat(page.locator("h1").innerText()).isEqualTo(message("messages_hi", "home.hero.title"));

        page.navigate("/login");
        assertThat(page.evaluate("document.documentElement.lang")).isEqualTo("hi");
        assertThat(page.locator("h1").innerText()).isEqualTo(message("messages_hi", "login.title"));
    }

    @Test
    void errorPagesShowAReferenceButNoStackTrace() throws Exception {
        signIn();
        Response response = page.navigate("/no-such-page");

        assertThat(response.status()).isEqualTo(404);
        String requestId = response.headerValue("x-request-id");
        assertThat(requestId).isNotBlank();
        assertThat(page.locator(".error-page__reference code").innerText()).isEqualTo(requestId);
        String text = page.locator("body").innerText();
        assertThat(text).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void swaggerUiRenders() {
        page.navigate("/swagger-ui/index.html");

        page.getByText("Tijori API").first().waitFor(new Locator.WaitForOptions().setTimeout(15_000));
        assertThat(pageErrors).isEmpty();
    }

    private void signIn() throws Exception {
        page.navigate("/login");
        page.locator("#username").fill("admin");
        page.locator("#password").fill(PASSWORD);
        page.locator("#password").press("Enter");
        answerSecondStepWithKeyboard();
        page.waitForURL(url -> path(url).equals("/admin"));
    }

    /**
     * An administrator needs a second factor: the test's authenticator app (set up over HTTP the first time)
     * gives the code, typed into the second step's field, which has the focus.
     */
    private void answerSecondStepWithKeyboard() throws Exception {
        page.waitForURL(url -> path(url).equals("/login/second-factor"));
        // The field takes the focus by itself (autofocus), which Chromium applies at its next rendering
        // opportunity, not always before the load event on a busy machine: wait for it rather than type into
        // nothing. If the page stopped focusing the field, this wait fails the test.
        page.waitForFunction("() => document.activeElement && document.activeElement.id === 'code'");
        page.keyboard().type(TestAuthenticator.nextCode(server(), "admin"));
        page.keyboard().press("Enter");
    }

    /** The administrator sets up an authenticator app once, before the first sign-in in a browser. */
    @BeforeEach
    void administratorHasAnAuthenticatorApp() throws Exception {
        if (!TestAuthenticator.knows(server(), "admin")) {
            WebClient web = new WebClient(port);
            web.signInWithPasswordOnly("admin", PASSWORD);
            TestAuthenticator.enrol(web, server(), "admin");
        }
    }

    private String server() {
        return "http://localhost:" + port;
    }

    private void signInWithKeyboard(String username, String password) {
        for (int presses = 0; presses < 20 && !"username".equals(focusedFieldName()); presses++) {
            page.keyboard().press("Tab");
        }
        assertThat(focusedFieldName()).as("name of the field reached with Tab").isEqualTo("username");
        page.keyboard().type(username);
        page.keyboard().press("Tab");
        page.keyboard().type(password);
        page.keyboard().press("Enter");
    }

    private Object focusedFieldName() {
        return page.evaluate("document.activeElement.name");
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    private static String message(String bundle, String key) {
        var texts = new Properties();
        try (InputStream in = PagesInBrowserTests.class.getResourceAsStream("/" + bundle + ".properties")) {
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(texts.getProperty(key)).as("%s in %s", key, bundle).isNotNull();
        return texts.getProperty(key);
    }
}
