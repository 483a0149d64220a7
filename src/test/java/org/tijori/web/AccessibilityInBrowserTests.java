package org.tijori.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tijori.BrowserSteps;
import org.tijori.Chromium;
import org.tijori.TestAuthenticator;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.PartnerClient;
import org.tijori.gateway.TestRequester;
import org.tijori.issuer.TestIssuer;
import org.tijori.locker.TestDocuments;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core (vendored under {@code src/test/resources/axe}, injected into each page) finds no serious or critical
 * violation on any main page a person sees: a visitor's, a resident's, an issuer's, a requester's and an
 * administrator's, on a 1280 by 800 screen and a 390 by 844 phone, in English and in Hindi. Each violation is named
 * by its rule, the elements it found and the rule's help.
 * <p>
 * With {@code -Dtijori.screenshots=docs/screenshots} the same run also saves the first screen of the main pages
 * (English on the wide screen, Hindi on the phone) as PNG files in that folder: the screenshots of the README.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + AccessibilityInBrowserTests.TOKEN,
        "tijori.admin.username=admin", "tijori.admin.password=" + AccessibilityInBrowserTests.PASSWORD,
        "tijori.issuer.registrations-per-address=1000" })
class AccessibilityInBrowserTests {

    static final String TOKEN = "accessibility-tests-bootstrap-token-0123";

    static final String PASSWORD = "a long and unusual phrase";

    /** The impacts that fail the test; moderate and minor ones are left to judgement. */
    static final Set<String> FAILING = Set.of("serious", "critical");

    /** Which pages to save as screenshots, by the name of the file. */
    static final Map<String, String> SCREENSHOTS = new LinkedHashMap<>();

    static {
        SCREENSHOTS.put("home", "/");
        SCREENSHOTS.put("dashboard", "/dashboard");
        SCREENSHOTS.put("issued-document", "issued document");
        SCREENSHOTS.put("uploaded", "/locker/uploaded");
        SCREENSHOTS.put("share-form", "share form");
        SCREENSHOTS.put("verify-status", "verify status");
        SCREENSHOTS.put("consent", "consent");
        SCREENSHOTS.put("issuer-portal", "/issuer");
        SCREENSHOTS.put("admin", "/admin");
    }

    private static final AtomicInteger people = new AtomicInteger();

    private static Chromium chromium;

    private static String axe;

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    private final List<String> violations = new ArrayList<>();

    @BeforeAll
    static void launchChromium() {
        chromium = Chromium.launchOrSkip();
        try (InputStream in = AccessibilityInBrowserTests.class.getResourceAsStream("/axe/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void noMainPageHasASeriousOrCriticalViolationAtEitherWidthInEitherLanguage() throws Exception {
        String screenshots = System.getProperty("tijori.screenshots", "");
        long start = System.nanoTime();
        Fixture fixture = fixture();
        System.out.printf("accessibility: fixture made in %d ms%n", (System.nanoTime() - start) / 1_000_000);

        for (String language : List.of("en", "hi")) {
            for (int[] size : List.of(new int[] { 1280, 800 }, new int[] { 390, 844 })) {
                Path shots = null;
                if (!screenshots.isBlank() && (language.equals("en") == (size[0] > 800))) {
                    shots = Files.createDirectories(Path.of(screenshots));
                }
                try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                        .setBaseURL(server()).setLocale(language.equals("hi") ? "hi-IN" : "en-GB")
                        .setViewportSize(size[0], size[1]))) {
                    context.setDefaultTimeout(15_000);
                    context.addInitScript(axe);
                    Page page = context.newPage();
                    new Visit(page, language, size[0] + "x" + size[1], shots, fixture).everyPage(context);
                }
                System.out.printf("accessibility: %dx%d in %s checked after %d ms%n", size[0], size[1], language,
                        (System.nanoTime() - start) / 1_000_000);
            }
        }
        assertThat(violations).as("serious or critical violations found by axe-core %n%s",
                String.join(System.lineSeparator(), violations)).isEmpty();
    }

    /** The people, documents and sessions that the pages show, made once for every width and language. */
    private Fixture fixture() throws Exception {
        WebClient http = new WebClient(port);
        int n = people.incrementAndGet();
        long unique = System.nanoTime() % 1_000_000L;
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(6_300_000_000L + unique * 10 + n)),
                "axe" + unique + "x" + n, PASSWORD);

        TestIssuer issuer = new TestIssuer("in.gov.axe" + unique, TestIssuerKeys.generate("Board of School Education"));
        issuer.registerAndApprove(http, issuer.registrationJson("HSCER"), TOKEN);
        String docId = "AXE" + unique;
        issuer.publish(http, "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", "HSCER", docId,
                "234567890124", "Asha Verma");
        String uri = issuer.issuerId + "-HSCER-" + docId;
        // Waiting for an administrator: an issuer and a requester, so that the administration lists are not empty.
        TestIssuer waiting = new TestIssuer("in.gov.axewait" + unique, TestIssuerKeys.generate("Transport Department"));
        assertThat(http.postJson("/api/v1/issuers/registrations", waiting.registrationJson("DRVLC")).statusCode())
                .isEqualTo(202);
        TestRequester claims = TestRequester.named("Insurance claims").register(http);
        TestRequester requester = TestRequester.approved(http, TOKEN);
        PartnerClient partner = new PartnerClient(requester, http);
        if (!TestAuthenticator.knows(server(), "admin")) {
            WebClient admin = new WebClient(port);
            admin.signInWithPasswordOnly("admin", PASSWORD);
            TestAuthenticator.enrol(admin, server(), "admin");
        }

        Map<String, List<Cookie>> sessions = new LinkedHashMap<>();
        String verifyPath;
        String esignPath;
        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setBaseURL(server()).setLocale("en-GB"))) {
            context.setDefaultTimeout(15_000);
            Page page = context.newPage();
            BrowserSteps.signIn(page, resident.username(), PASSWORD);
            page.navigate("/locker/uploaded");
            page.locator("#file").setInputFiles(new FilePayload("Rent agreement.pdf", "application/pdf",
                    TestDocuments.pdf()));
            page.locator("form[data-upload-progress] button[type=submit]").click();
            page.locator("#upload-done").waitFor();
            page.navigate("/locker/uploaded");
            esignPath = page.locator("a[href$='/esign']").first().getAttribute("href");
            page.navigate("/locker/issued/" + uri);
            URI verify = URI.create(page.locator("#verify-link").getAttribute("href"));
            verifyPath = verify.getRawPath() + "?" + verify.getRawQuery();
            sessions.put("resident", context.cookies());

            context.clearCookies();
            page.navigate("/issuer/login");
            page.locator("#clientId").fill(issuer.clientId);
            page.locator("#clientSecret").fill(issuer.clientSecret);
            page.locator("#clientSecret").press("Enter");
            page.waitForURL(url -> BrowserSteps.path(url).equals("/issuer"));
            sessions.put("issuer", context.cookies());

            context.clearCookies();
            page.navigate("/requester/login");
            page.locator("#clientId").fill(requester.clientId);
            page.locator("#clientSecret").fill(requester.clientSecret);
            page.locator("#clientSecret").press("Enter");
            page.waitForURL(url -> BrowserSteps.path(url).equals("/requester"));
            sessions.put("requester", context.cookies());

            context.clearCookies();
            page.navigate("/login");
            page.locator("#username").fill("admin");
            page.locator("#password").fill(PASSWORD);
            page.locator("#password").press("Enter");
            page.waitForURL(url -> BrowserSteps.path(url).equals("/login/second-factor"));
            page.locator("#code").fill(TestAuthenticator.nextCode(server(), "admin"));
            page.locator("#code").press("Enter");
            page.waitForURL(url -> BrowserSteps.path(url).equals("/admin"));
            sessions.put("admin", context.cookies());
        }
        return new Fixture(uri, verifyPath, esignPath, "/admin/requesters/" + claims.id,
                PartnerClient.authorizeUrl(partner.request("files.issueddocs")), sessions);
    }

    private String server() {
        return "http://localhost:" + port;
    }

    private record Fixture(String uri, String verify, String esign, String waitingRequester, String consent,
            Map<String, List<Cookie>> sessions) {
    }

    /** One width and language: every page, axe on each, and the screenshots when asked for. */
    private final class Visit {

        private final Page page;

        private final String language;

        private final String screen;

        private final Path shots;

        private final Fixture fixture;

        Visit(Page page, String language, String screen, Path shots, Fixture fixture) {
            this.page = page;
            this.language = language;
            this.screen = screen;
            this.shots = shots;
            this.fixture = fixture;
        }

        void everyPage(BrowserContext context) {
            for (String path : List.of("/", "/login", "/login?error", "/login/reset", "/signup",
                    "/verify", fixture.verify(), "/verify/offline",
                    "/esign/verify", "/issuer/register", "/issuer/login", "/requester/register", "/requester/login")) {
                check(path, path);
            }
            as(context, "resident");
            for (String path : List.of("/dashboard", "/locker/issued", "/locker/issued/" + fixture.uri(),
                    "/locker/uploaded", "/locker/uploaded?bin", "/locker/shared", "/activity", "/profile",
                    "/profile/security", "/profile/national-id", "/profile/apps", "/issuers", "/issuers?category=education",
                    "/dashboard/notifications", "/dashboard/notifications/settings", "/locker/uploaded?q=zzz",
                    fixture.esign())) {
                check(path, path);
            }
            if (shots != null) {
                page.navigate(withLanguage("/locker/issued/" + fixture.uri()));
                page.locator("#share").scrollIntoViewIfNeeded();
                page.evaluate("document.getElementById('share').scrollIntoView({block: 'start'})");
                screenshot("share form");
            }
            page.navigate(fixture.consent());
            page.waitForURL(url -> BrowserSteps.path(url).equals("/consent"));
            check(page.url() + "&lang=" + language, "consent");

            as(context, "issuer");
            check("/issuer", "/issuer");
            as(context, "requester");
            check("/requester", "/requester");
            as(context, "admin");
            for (String path : List.of("/admin", "/admin/issuers", "/admin/requesters",
                    fixture.waitingRequester())) {
                check(path, path);
            }
        }

        private void as(BrowserContext context, String who) {
            context.clearCookies();
            context.addCookies(fixture.sessions().get(who));
        }

        private void check(String path, String name) {
            Response response = page.navigate(withLanguage(path));
            String where = name + " (" + screen + ", " + language + ")";
            assertThat(response.status()).as("status of " + where).isLessThan(400);
            assertThat(BrowserSteps.path(page.url())).as("where " + where + " led").isEqualTo(URI.create(
                    path.startsWith("http") ? path : server() + path).getPath());
            assertThat(page.evaluate("document.documentElement.lang")).as("language of " + where)
                    .isEqualTo(language);
            @SuppressWarnings("unchecked")
            List<String> found = (List<String>) page.evaluate("""
                    async impacts => {
                      const results = await axe.run(document, { resultTypes: ['violations'] });
                      if (results.passes.length === 0) {
                        return ['axe checked nothing'];
                      }
                      return results.violations.filter(v => impacts.includes(v.impact)).map(v =>
                          v.id + ' (' + v.impact + '): ' + v.help + ' ' + v.helpUrl + '\\n' + v.nodes.map(n =>
                              '      ' + n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ')
                          ).join('\\n'));
                    }""", List.copyOf(FAILING));
            found.forEach(violation -> violations.add(where + ": " + violation));
            screenshot(name);
        }

        private String withLanguage(String path) {
            if (path.contains("lang=")) {
                return path;
            }
            return path + (path.contains("?") ? "&" : "?") + "lang=" + language;
        }

        private void screenshot(String name) {
            if (shots == null) {
                return;
            }
            String key = name.startsWith("/locker/issued/") ? "issued document"
                    : name.startsWith("/verify/") ? "verify status" : name;
            SCREENSHOTS.forEach((file, page) -> {
                if (page.equals(key)) {
                    this.page.screenshot(new Page.ScreenshotOptions()
                            .setPath(shots.resolve(file + "-" + (language.equals("en") ? "desktop-en" : "phone-hi")
                                    + ".png")));
                }
            });
        }
    }
}
