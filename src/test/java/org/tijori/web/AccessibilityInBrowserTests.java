package org.tijori.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tijori.BrowserSteps;
import org.tijori.Chromium;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.TestAuthenticator;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.PartnerClient;
import org.tijori.gateway.TestRequester;
import org.tijori.identity.TestRegistry;
import org.tijori.issuer.TestIssuer;
import org.tijori.locker.TestDocuments;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * axe-core (vendored under {@code src/test/resources/axe}, injected into each page) finds no moderate, serious or
 * critical violation on any main page a person sees: a visitor's, a resident's, an issuer's, a requester's and an
 * administrator's, on a 1280 by 800 screen and a 390 by 844 phone, in English and in Hindi. Each violation is named
 * by its rule, the elements it found and the rule's help.
 * <p>
 * The pages reached only once a code is sent are among them, each as it first shows and, where a code is typed, with
 * a wrong one: the sign-in and sign-up codes, the national-ID linking code, the e-signature code, the e-mail code of
 * the profile, and a share's recipient pages (the access code, the documents after the right code, a revoked link
 * and an unknown one). The codes are read from the SMS outbox and the mail outbox as a person would read them.
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

    /** The impacts that fail the test; minor ones are reported and left to judgement. */
    static final Set<String> FAILING = Set.of("moderate", "serious", "critical");

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

    /** The access code of the share whose recipient pages are checked. */
    static final String ACCESS_CODE = "saffron-4821";

    static final Pattern SHARE_LINK = Pattern.compile("/s/([A-Za-z0-9_-]{43})");

    static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");

    /** The national IDs the ID authority knows in this run: a resident links the first. */
    private static final List<String> nationalIds = new ArrayList<>();

    private static final AtomicInteger people = new AtomicInteger();

    private static Chromium chromium;

    private static String axe;

    @DynamicPropertySource
    static void idAuthority(DynamicPropertyRegistry registry) throws IOException {
        TestRegistry registered = TestRegistry.write(1, System.nanoTime());
        nationalIds.addAll(registered.uids());
        registry.add("tijori.identity.registry-file", registered.file()::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    StateDirectory state;

    private final List<String> violations = new ArrayList<>();

    /** Minor findings, once for each rule and page, reported but not failing. */
    private final Set<String> lesser = new TreeSet<>();

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
    void noPageHasAModerateSeriousOrCriticalViolationAtEitherWidthInEitherLanguage() throws Exception {
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
        System.out.printf("accessibility: %d minor findings%n%s%n", lesser.size(),
                String.join(System.lineSeparator(), lesser));
        assertThat(violations).as("moderate, serious or critical violations found by axe-core %n%s",
                String.join(System.lineSeparator(), violations)).isEmpty();
    }

    /** The people, documents and sessions that the pages show, made once for every width and language. */
    private Fixture fixture() throws Exception {
        WebClient http = new WebClient(port);
        int n = people.incrementAndGet();
        long unique = System.nanoTime() % 1_000_000L;
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(6_300_000_000L + unique * 10 + n)),
                "axe" + unique + "x" + n, PASSWORD);
        // A second resident, whose e-mail address and sign-in code wait to be confirmed.
        String waitingMobile = String.valueOf(6_400_000_000L + unique * 10 + n);
        ResidentAccount waitingResident = accounts.signUp(new MobileNumber(waitingMobile), "axew" + unique + "x" + n,
                PASSWORD);
        String waitingEmail = "axe" + unique + "x" + n + "@example.org";

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

        // Two shares of the issued document: one asks for an access code, the other is revoked.
        WebClient sharer = new WebClient(port);
        assertThat(sharer.signIn(resident.username(), PASSWORD).statusCode()).isEqualTo(302);
        String csrf = WebClient.csrfTokenOf(sharer.get("/locker/shared").body());
        String withCode = "code" + unique + "x" + n + "@example.org";
        share(sharer, csrf, uri, withCode, ",\"accessCode\":\"" + ACCESS_CODE + "\"");
        String revoked = "revoked" + unique + "x" + n + "@example.org";
        String revokedId = share(sharer, csrf, uri, revoked, "");
        assertThat(sharer.send("DELETE", "/api/v1/locker/shares/" + revokedId, null, null, "X-CSRF-TOKEN", csrf)
                .statusCode()).isEqualTo(204);

        Map<String, List<Cookie>> sessions = new LinkedHashMap<>();
        String verifyPath;
        String esignPath;
        String esignCodePath;
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
            // The steps that send a code: starting an e-signature, linking a national ID.
            page.navigate(esignPath);
            page.locator("#reason").fill("I agree to the rent agreement");
            page.locator("#location").fill("Pune");
            page.locator("#location").press("Enter");
            page.waitForURL(url -> BrowserSteps.path(url).startsWith("/locker/esign/"));
            esignCodePath = BrowserSteps.path(page.url());
            page.navigate("/profile/national-id");
            page.locator("#uid").fill(nationalIds.get(0));
            page.locator("#uid").press("Enter");
            page.waitForURL(url -> BrowserSteps.path(url).equals("/profile/national-id/verify"));
            sessions.put("resident", context.cookies());

            context.clearCookies();
            BrowserSteps.signIn(page, waitingResident.username(), PASSWORD);
            page.navigate("/profile");
            page.locator("#newEmail").fill(waitingEmail);
            page.locator("#newEmail").press("Enter");
            page.waitForURL(url -> "emailCodeSent".equals(URI.create(url).getQuery()));
            sessions.put("e-mail code", context.cookies());

            context.clearCookies();
            page.navigate("/login");
            page.locator("#mobile").fill(waitingMobile);
            page.locator("#mobile").press("Enter");
            page.waitForURL(url -> BrowserSteps.path(url).equals("/login/otp"));
            sessions.put("sign-in code", context.cookies());

            context.clearCookies();
            page.navigate("/signup");
            page.locator("#mobile").fill(String.valueOf(6_500_000_000L + unique * 10 + n));
            page.locator("#mobile").press("Enter");
            page.waitForURL(url -> BrowserSteps.path(url).equals("/signup/verify"));
            sessions.put("sign-up code", context.cookies());

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
        SmsOutbox sms = SmsOutbox.of(state.root());
        String signInCode = await().atMost(Duration.ofSeconds(10)).until(() -> sms.lastOtpFor(waitingMobile),
                code -> code.isPresent()).orElseThrow();
        Matcher emailCode = CODE.matcher(mailTo(waitingEmail));
        assertThat(emailCode.find()).as("a code in the e-mail").isTrue();
        return new Fixture(uri, verifyPath, esignPath, esignCodePath, "/admin/requesters/" + claims.id,
                PartnerClient.authorizeUrl(partner.request("files.issueddocs")), sessions, wrong(signInCode),
                wrong(emailCode.group()), shareToken(withCode), shareToken(revoked));
    }

    /** Shares the issued document with the recipient, and answers the share's id. */
    private static String share(WebClient resident, String csrf, String uri, String recipient, String more)
            throws Exception {
        var shared = resident.postJson("/api/v1/locker/shares", "{\"documents\":[{\"kind\":\"issued\",\"uri\":\""
                + uri + "\"}],\"email\":\"" + recipient + "\"" + more + "}", "X-CSRF-TOKEN", csrf);
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(shared.body());
        assertThat(id.find()).as(shared.body()).isTrue();
        return id.group(1);
    }

    private String shareToken(String recipient) {
        Matcher link = SHARE_LINK.matcher(mailTo(recipient));
        assertThat(link.find()).as("a share link in the e-mail to " + recipient).isTrue();
        return link.group(1);
    }

    /** The text of the one e-mail to that address in the mail outbox, once it is there. */
    private String mailTo(String recipient) {
        Path outbox = state.root().resolve("mail-outbox");
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!Files.isDirectory(outbox)) {
                return null;
            }
            try (Stream<Path> files = Files.list(outbox)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                        if (message.getAllRecipients()[0].toString().equals(recipient)) {
                            StringBuilder text = new StringBuilder();
                            collectText(message, text);
                            return text.toString();
                        }
                    }
                }
            }
            return null;
        }, text -> text != null);
    }

    private static void collectText(Part part, StringBuilder text) throws Exception {
        if (part.isMimeType("text/*")) {
            text.append(part.getContent()).append('\n');
        }
        else if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                collectText(multipart.getBodyPart(i), text);
            }
        }
    }

    /** A 6-digit code that is not the one sent. */
    private static String wrong(String sent) {
        return sent.equals("000000") ? "111111" : "000000";
    }

    private String server() {
        return "http://localhost:" + port;
    }

    private record Fixture(String uri, String verify, String esign, String esignCode, String waitingRequester,
            String consent, Map<String, List<Cookie>> sessions, String wrongSignInCode, String wrongEmailCode,
            String codeShare, String revokedShare) {
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
            // A share's recipient: a link that is unknown, one revoked, and one that asks for its access code.
            check("/s/unknown-link-token-000000000000000000000000000", "unknown share link", 404);
            check("/s/" + fixture.revokedShare(), "revoked share link", 410);
            check("/s/" + fixture.codeShare(), "share access code");
            page.locator("#accessCode").fill("not-the-code");
            page.locator("#accessCode").press("Enter");
            page.locator("#code-wrong").waitFor();
            checkHere("share access code, wrong", 400);
            assertTiedToItsError("#accessCode", "code-wrong");
            page.locator("#accessCode").fill(ACCESS_CODE);
            page.locator("#accessCode").press("Enter");
            page.locator("#share-sender").waitFor();
            checkHere("shared documents after the access code", 200);

            // The steps that wait for a code sent by SMS or e-mail.
            as(context, "sign-in code");
            check("/login/otp", "/login/otp");
            page.locator("#otp").fill(fixture.wrongSignInCode());
            page.locator("#otp").press("Enter");
            page.locator("#otp-error").waitFor();
            checkHere("/login/otp, wrong code", 200);
            assertTiedToItsError("#otp", "otp-error");
            as(context, "sign-up code");
            check("/signup/verify", "/signup/verify");
            as(context, "e-mail code");
            check("/profile", "/profile, e-mail code");
            page.locator("#emailCode").fill(fixture.wrongEmailCode());
            page.locator("#emailCode").press("Enter");
            page.locator("#email-code-error").waitFor();
            checkHere("/profile, wrong e-mail code", 400);
            assertTiedToItsError("#emailCode", "email-code-error");

            as(context, "resident");
            for (String path : List.of("/dashboard", "/locker/issued", "/locker/issued/" + fixture.uri(),
                    "/locker/uploaded", "/locker/uploaded?bin", "/locker/shared", "/activity", "/profile",
                    "/profile/security", "/profile/national-id", "/profile/apps", "/issuers", "/issuers?category=education",
                    "/dashboard/notifications", "/dashboard/notifications/settings", "/locker/uploaded?q=zzz",
                    fixture.esign(), "/profile/national-id/verify")) {
                check(path, path);
            }
            check(fixture.esignCode(), "e-sign code");
            check("/consent?client_id=ended&state=ended", "consent that has ended", 400);
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
            check(path, name, 200);
        }

        /** Opens the page, which must answer {@code status} in this language, and runs axe on it. */
        private void check(String path, String name, int status) {
            Response response = page.navigate(withLanguage(path));
            String where = name + " (" + screen + ", " + language + ")";
            assertThat(response.status()).as("status of " + where).isEqualTo(status);
            assertThat(BrowserSteps.path(page.url())).as("where " + where + " led").isEqualTo(URI.create(
                    path.startsWith("http") ? path : server() + path).getPath());
            axe(where);
            screenshot(name);
        }

        /** Runs axe on the page as a form's answer left it, which answered {@code status}. */
        private void checkHere(String name, int status) {
            String where = name + " (" + screen + ", " + language + ")";
            assertThat(page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus"))
                    .as("status of " + where).isEqualTo(status);
            axe(where);
        }

        /** A screen reader says that the field is wrong, and reads the error with it. */
        private void assertTiedToItsError(String field, String error) {
            assertThat(page.locator(field).getAttribute("aria-invalid")).as("aria-invalid of " + field).isEqualTo("true");
            assertThat(page.locator(field).getAttribute("aria-describedby")).as("aria-describedby of " + field)
                    .isEqualTo(error);
        }

        private void axe(String where) {
            assertThat(page.evaluate("document.documentElement.lang")).as("language of " + where)
                    .isEqualTo(language);
            @SuppressWarnings("unchecked")
            List<Map<String, String>> found = (List<Map<String, String>>) page.evaluate("""
                    async () => {
                      const results = await axe.run(document, { resultTypes: ['violations'] });
                      if (results.passes.length === 0) {
                        return [{ impact: 'critical', rule: 'none', text: 'axe checked nothing' }];
                      }
                      return results.violations.map(v => ({ impact: v.impact || 'minor', rule: v.id,
                          text: v.id + ' (' + v.impact + '): ' + v.help + ' ' + v.helpUrl + '\\n' + v.nodes.map(n =>
                              '      ' + n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ')
                          ).join('\\n') }));
                    }""");
            for (Map<String, String> violation : found) {
                if (FAILING.contains(violation.get("impact"))) {
                    violations.add(where + ": " + violation.get("text"));
                }
                else {
                    lesser.add(violation.get("rule") + " (" + violation.get("impact") + ") on " + where + ": "
                            + violation.get("text"));
                }
            }
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
