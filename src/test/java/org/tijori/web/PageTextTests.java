package org.tijori.web;

import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.gateway.TestRequester;
import org.tijori.issuer.TestIssuer;
import org.tijori.locker.TestDocuments;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crawls the pages a resident, an issuer, a requester, an administrator and a stranger see, in English and in
 * Hindi, after actions that leave varied activity behind, and fails on any text that is a message key rather
 * than a message ({@code ??key_hi??}, a key of the bundle, an action's code such as {@code account.OtpSent}) or
 * that still holds MessageFormat's doubled apostrophe.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + PageTextTests.TOKEN, "tijori.admin.username=" + PageTextTests.ADMIN,
        "tijori.admin.password=" + PageTextTests.PASSWORD, "tijori.issuer.registrations-per-address=1000",
        "tijori.account.otp-sends-per-address=500", "tijori.web.trusted-proxies=127.0.0.1, ::1",
        "spring.mail.host=127.0.0.1", "tijori.mail.from=Tijori Test <no-reply@tijori.test>" })
class PageTextTests {

    static final String TOKEN = "page-text-tests-bootstrap-token-0123456789";

    static final String ADMIN = "text-admin";

    static final String PASSWORD = "a long and unusual phrase";

    static final int MOST_PAGES_PER_VISITOR = 60;

    static final AtomicLong numbers = new AtomicLong(7_400_000_000L + (System.nanoTime() % 1_000_000) * 100);

    static final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        smtp.start();
    }

    /** Modules whose events the trail records as {@code <module>.<Event>}. */
    static final Pattern ACTION_CODE = Pattern.compile(
            "(account|audit|demo|gateway|identity|issuer|locker|notification|sharing|signing|storage|verify)\\.[A-Z][A-Za-z]+");

    static final Pattern DOTTED = Pattern.compile("(?<![\\w./@-])([a-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9_]+)+)(?![\\w/@-])");

    static final Pattern UNRESOLVED = Pattern.compile("\\?\\?[^?\\s<]+\\?\\?");

    static final Pattern HREF = Pattern.compile("href=\"(/[^\"#]*)\"");

    static final Pattern SKIPPED = Pattern.compile("^/(api|v3|swagger-ui|webjars|css|js|img|images|favicon|public)(/|\\.|$)"
            + "|/(download|pdf|xml|content|thumbnail|logo|preview\\.png|receipt\\.jwt)$|\\.(js|css|png|svg|ico|jwt|crl|cer|pem)$"
            + "|^/logout|lang=");

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @AfterAll
    static void stopMail() {
        smtp.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    StateDirectory state;

    private final List<String> problems = new ArrayList<>();

    private final List<String> crawled = new ArrayList<>();

    @Test
    void noPageInEitherLanguageShowsAMessageKeyOrADoubledApostrophe() throws Exception {
        Set<String> keys = keys();

        TestIssuer issuer = new TestIssuer("in.gov.pagetext" + (System.nanoTime() % 100_000),
                TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
        new WebClient(port).postJson("/api/v1/issuers/registrations", new TestIssuer("in.gov.waiting"
                + (System.nanoTime() % 100_000), TestIssuerKeys.generate("Waiting")).registrationJson("HSCER"));
        TestRequester requester = TestRequester.approved(new WebClient(port), TOKEN);
        TestRequester.named("Waiting bank").register(new WebClient(port));

        WebClient resident = residentWithVariedActivity(issuer);
        assertThat(resident.get("/activity").body()).as("varied activity").contains(
                "data-action=\"account.SignedOut\"", "data-action=\"locker.DocumentDownloaded\"",
                "data-action=\"locker.DocumentChanged\"", "data-action=\"sharing.ShareLinkCreated\"",
                "data-action=\"issuer.DocumentDelivered\"", "data-action=\"account.MobileChanged\"");
        WebClient issuerPortal = new WebClient(port);
        assertThat(issuerPortal.submit("/issuer/login", "/issuer/login",
                Map.of("clientId", issuer.clientId, "clientSecret", issuer.clientSecret)).statusCode()).isEqualTo(302);
        WebClient requesterPortal = new WebClient(port);
        assertThat(requester.signIn(requesterPortal).statusCode()).isEqualTo(302);
        WebClient admin = new WebClient(port);
        admin.signIn(ADMIN, PASSWORD);

        crawl("stranger", new WebClient(port), keys, "/", "/login", "/signup", "/verify", "/esign/verify",
                "/issuer/register", "/requester/register", "/issuer/login", "/requester/login", "/login/reset",
                "/issuers", "/s/unknown-link-token-000000000000000000000000000");
        crawl("resident", resident, keys, "/", "/dashboard", "/activity", "/activity?kind=account", "/locker/issued",
                "/locker/uploaded", "/locker/shared", "/profile", "/profile/security", "/profile/apps",
                "/profile/national-id", "/issuers");
        csv(resident, keys);
        crawl("issuer", issuerPortal, keys, "/issuer");
        crawl("requester", requesterPortal, keys, "/requester");
        crawl("administrator", admin, keys, "/", "/admin", "/admin/issuers", "/admin/requesters");

        assertThat(crawled).as("pages crawled").hasSizeGreaterThan(40).contains("resident /activity",
                "issuer /issuer", "requester /requester", "administrator /admin/issuers");
        System.out.println("Crawled " + crawled);
        assertThat(problems).isEmpty();
    }

    /** Signs up, signs out, signs in with a code, uploads, downloads, receives, shares, signs out and in again. */
    private WebClient residentWithVariedActivity(TestIssuer issuer) throws Exception {
        String mobile = String.valueOf(numbers.incrementAndGet());
        String username = "pagetext" + mobile.substring(5);
        SmsOutbox outbox = SmsOutbox.of(state.root());
        WebClient web = new WebClient(port);
        web.submit("/signup", "/signup", Map.of("mobile", mobile));
        web.submit("/signup/verify", "/signup/verify", Map.of("otp", outbox.lastOtpFor(mobile).orElseThrow()));
        assertThat(web.submit("/signup/account", "/signup/account", Map.of("username", username, "password", PASSWORD))
                .statusCode()).isEqualTo(302);
        web.submit("/profile", "/logout", Map.of());

        web.submit("/login", "/login/mobile", Map.of("mobile", mobile));
        assertThat(web.submit("/login/otp", "/login/otp", Map.of("otp", outbox.lastOtpFor(mobile).orElseThrow()))
                .headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));

        String csrf = WebClient.csrfTokenOf(web.get("/locker/uploaded").body());
        HttpResponse<String> uploaded = web.postMultipart("/api/v1/locker/uploaded", Map.of(), "file", "ration-card.pdf",
                TestDocuments.pdf(), "X-CSRF-TOKEN", csrf);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String upload = field(uploaded.body(), "id");
        assertThat(web.getBytes("/locker/uploaded/" + upload + "/download").statusCode()).isEqualTo(200);
        assertThat(web.postForm("/locker/uploaded/" + upload + "/type", Map.of("type", "ration-card", "_csrf", csrf))
                .statusCode()).isLessThan(400);
        String newMobile = String.valueOf(numbers.incrementAndGet());
        web.submit("/profile", "/profile/mobile", Map.of("password", PASSWORD, "mobile", newMobile));
        assertThat(web.submit("/profile/mobile/verify", "/profile/mobile/verify",
                Map.of("otp", outbox.lastOtpFor(newMobile).orElseThrow())).statusCode()).isEqualTo(302);

        String lockerId = field(web.get("/profile").body(), "profile-locker-id\">([0-9a-f-]{36})<");
        String uri = issuer.publish(new WebClient(port), "<DigiLockerId>" + lockerId + "</DigiLockerId>", "HSCER",
                "PT" + mobile.substring(5), "234567890124", "Asha Verma");
        assertThat(web.getBytes("/locker/issued/" + uri + "/pdf").statusCode()).isEqualTo(200);
        assertThat(web.getBytes("/locker/issued/" + uri + "/xml").statusCode()).isEqualTo(200);

        HttpResponse<String> shared = web.postJson("/api/v1/locker/shares", "{\"documents\":[{\"kind\":\"uploaded\",\"id\":\""
                + upload + "\"}],\"email\":\"friend@example.in\"}", "X-CSRF-TOKEN", csrf);
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);

        web.submit("/profile", "/logout", Map.of());
        assertThat(web.signIn(username, PASSWORD).statusCode()).isEqualTo(302);
        return web;
    }

    private void crawl(String visitor, WebClient web, Set<String> keys, String... seeds) throws Exception {
        Deque<String> waiting = new ArrayDeque<>(List.of(seeds));
        Set<String> seen = new LinkedHashSet<>(List.of(seeds));
        int visited = 0;
        while (!waiting.isEmpty() && visited < MOST_PAGES_PER_VISITOR) {
            String path = waiting.poll();
            visited++;
            for (String lang : List.of("en", "hi")) {
                HttpResponse<String> page = web.get(path + (path.contains("?") ? "&" : "?") + "lang=" + lang);
                String type = page.headers().firstValue("Content-Type").orElse("");
                if (!type.startsWith("text/html")) {
                    continue;
                }
                check(visitor + " " + path + " [" + lang + "]", visibleText(page.body()), keys);
                if (lang.equals("en")) {
                    crawled.add(visitor + " " + path);
                    Matcher href = HREF.matcher(page.body());
                    while (href.find()) {
                        String link = href.group(1).replace("&amp;", "&");
                        if (!SKIPPED.matcher(link).find() && seen.add(link)) {
                            waiting.add(link);
                        }
                    }
                }
            }
        }
    }

    /** The activity download: the columns a person reads (all but the action's code). */
    private void csv(WebClient web, Set<String> keys) throws Exception {
        for (String lang : List.of("en", "hi")) {
            String text = new String(web.getBytes("/activity.csv?lang=" + lang).body(), StandardCharsets.UTF_8);
            assertThat(text.split("\r\n").length).as("the CSV has rows").isGreaterThan(8);
            for (String line : text.split("\r\n")) {
                List<String> fields = new ArrayList<>();
                Matcher field = Pattern.compile("\"((?:[^\"]|\"\")*)\"").matcher(line);
                while (field.find()) {
                    fields.add(field.group(1).replace("\"\"", "\""));
                }
                fields.remove(1);
                check("resident /activity.csv [" + lang + "]", String.join(" | ", fields), keys);
            }
        }
    }

    private void check(String where, String text, Set<String> keys) {
        Matcher unresolved = UNRESOLVED.matcher(text);
        while (unresolved.find()) {
            problems.add(where + ": " + unresolved.group());
        }
        Matcher dotted = DOTTED.matcher(text);
        while (dotted.find()) {
            String token = dotted.group(1);
            if (keys.contains(token) || ACTION_CODE.matcher(token).matches()) {
                problems.add(where + ": " + token);
            }
        }
        int quote = text.indexOf("''");
        if (quote >= 0) {
            problems.add(where + ": " + text.substring(Math.max(0, quote - 30), Math.min(text.length(), quote + 30)));
        }
    }

    /** The text and the labels a person reads or hears: no scripts, styles, tags or data attributes. */
    static String visibleText(String html) {
        String body = html.replaceAll("(?is)<(script|style)\\b.*?</\\1>", " ");
        StringBuilder text = new StringBuilder();
        Matcher label = Pattern.compile("(?i)\\s(aria-label|title|placeholder|alt|data-label|value)=\"([^\"]*)\"")
                .matcher(body);
        while (label.find()) {
            text.append(label.group(2)).append('\n');
        }
        text.append(body.replaceAll("<[^>]*>", " "));
        return text.toString().replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    static Set<String> keys() throws IOException {
        var properties = new Properties();
        try (var in = PageTextTests.class.getResourceAsStream("/messages.properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties.stringPropertyNames();
    }

    private static String field(String text, String nameOrPattern) {
        Pattern pattern = nameOrPattern.contains("(") ? Pattern.compile(nameOrPattern)
                : Pattern.compile("\"" + nameOrPattern + "\":\"([^\"]*)\"");
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(nameOrPattern + " in " + text).isTrue();
        return matcher.group(1);
    }
}
