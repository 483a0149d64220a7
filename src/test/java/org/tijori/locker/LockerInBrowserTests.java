package org.tijori.locker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.ReducedMotion;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.BrowserSteps;
import org.tijori.Chromium;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A resident's locker in Chromium, as a person uses it: signing up with the code sent to their mobile,
 * linking their national ID, receiving a document from an issuer and opening it, then uploading a PDF
 * with the keyboard while the progress bar moves, renaming, downloading, deleting and restoring it, and
 * reading all of that on the activity page; on a phone-sized screen, in English and Hindi, without a
 * console error or a Content-Security-Policy violation on any page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + LockerInBrowserTests.TOKEN, "tijori.issuer.registrations-per-address=1000" })
class LockerInBrowserTests {

    static final String TOKEN = "locker-browser-tests-bootstrap-token-0123";

    static final String PASSWORD = "a long and unusual phrase";

    /** Aarav Sharma of the demo ID registry, and the mobile number the registry holds for him. */
    static final String AARAV = "999941057058";

    static final String AARAV_MOBILE = "9876500001";

    /** The actions of the journey that the activity page must list, whatever else it lists. */
    static final Set<String> JOURNEY = Set.of("account.ResidentSignedUp", "identity.NationalIdLinked",
            "issuer.DocumentDelivered", "locker.DocumentUploaded", "locker.DocumentChanged",
            "locker.DocumentDownloaded", "locker.DocumentDeleted", "locker.DocumentRestored");

    static final AtomicInteger people = new AtomicInteger();

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    StateDirectory state;

    @Autowired
    MessageSource messages;

    private BrowserContext context;

    private Page page;

    /** Console errors and warnings, uncaught script errors, CSP violations and failed requests, of any page. */
    private final List<String> problems = new CopyOnWriteArrayList<>();

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
                .setBaseURL("http://localhost:" + port)
                .setLocale("en-GB")
                .setViewportSize(1280, 800)
                // Without motion the page scrolls to what takes focus at once: in the whole suite a smooth scroll
                // in a headless browser has stalled for more than ten seconds, leaving focus off screen.
                .setReducedMotion(ReducedMotion.REDUCE)
                .setAcceptDownloads(true));
        context.setDefaultTimeout(15_000);
        // Reported to the console as well, but an event names the directive and cannot be missed.
        context.addInitScript("document.addEventListener('securitypolicyviolation', e => console.error("
                + "'CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));");
        page = context.newPage();
        // Playwright turns on catching file choosers asynchronously when the first listener arrives: one
        // from the start means a chooser opened by a key press is never shown natively and lost instead.
        page.onFileChooser(chooser -> {
        });
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") || message.type().equals("warning")) {
                problems.add(message.type() + " on " + path(page.url()) + ": " + message.text());
            }
        });
        page.onPageError(error -> problems.add("script error on " + path(page.url()) + ": " + error));
        page.onResponse(response -> {
            if (response.status() >= 400) {
                problems.add(response.status() + " for " + response.request().method() + " " + path(response.url()));
            }
        });
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void aResidentSignsUpReceivesAnIssuedDocumentAndManagesAnUploadInChromium() throws Exception {
        signUpThroughThePages();
        linkTheNationalId();
        String uri = deliverAMarksheetToTheNationalId();

        seesTheDocumentOnTheDashboardAndInIssued(uri);
        opensTheIssuedDocument(uri);

        byte[] pdf = pdf(360);
        uploadsWithTheKeyboardWhileTheProgressBarMoves("Journey scan.pdf", pdf);
        renamesWithTheKeyboard("Journey scan.pdf", "Birth certificate 2026.pdf");
        downloadsTheSameBytes("Birth certificate 2026.pdf", pdf);
        deletesAndRestores("Birth certificate 2026.pdf");
        readsTheActivityNewestFirstFiltersItAndDownloadsItAsCsv();

        for (String language : List.of("en", "hi")) {
            fitsAPhoneScreen(language, List.of("/dashboard", "/locker/issued", "/locker/issued/" + uri,
                    "/locker/uploaded", "/locker/uploaded?bin", "/activity", "/issuers", "/profile/national-id"));
        }
        uploadsSeveralFilesEachWithItsOwnType();

        assertThat(problems).as("console errors, CSP violations and failed requests").isEmpty();
    }

    private void signUpThroughThePages() {
        String mobile = String.valueOf(7_400_000_000L + (System.nanoTime() % 1_000_000) * 100 + people.incrementAndGet());
        page.navigate("/signup");
        page.locator("#mobile").fill(mobile);
        String code = otpAfter(mobile, () -> page.locator("#mobile").press("Enter"));
        page.waitForURL(url -> path(url).equals("/signup/verify"));
        page.locator("#otp").fill(code);
        page.locator("#otp").press("Enter");
        page.waitForURL(url -> path(url).equals("/signup/account"));
        page.locator("#username").fill("journey" + mobile.substring(5));
        page.locator("#password").fill(PASSWORD);
        page.locator("#password").press("Enter");
        page.waitForURL(url -> path(url).equals("/dashboard"));

        assertThat(status().innerText()).isEqualTo(message("profile.welcome"));
        assertThat(page.locator("#issued-count").innerText()).isEqualTo("0");
    }

    private void linkTheNationalId() {
        page.locator("#link-prompt").getByRole(AriaRole.LINK).click();
        page.waitForURL(url -> path(url).equals("/profile/national-id"));
        page.locator("#uid").fill("9999 4105 7058");
        String code = otpAfter(AARAV_MOBILE, () -> page.locator("#uid").press("Enter"));
        page.waitForURL(url -> path(url).equals("/profile/national-id/verify"));
        page.locator("#otp").fill(code);
        page.locator("#otp").press("Enter");
        page.waitForURL(url -> url.contains("linked"));

        assertThat(page.locator("#uid-masked").innerText()).isEqualTo("XXXX XXXX 7058");
        assertThat(page.locator("#uid-name").innerText()).isEqualTo("Aarav Sharma");
        // The link brings the national-ID card from the ID authority (ADR 23), delivered in the background.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            page.navigate("/dashboard");
            assertThat(page.locator("#issued-count").innerText()).isEqualTo("1");
        });
    }

    /** A test issuer, registered and approved, pushes a signed marksheet to Aarav's national ID. */
    private String deliverAMarksheetToTheNationalId() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.journey" + people.incrementAndGet(), TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
        return issuer.publish(new WebClient(port), "<Aadhaar>" + AARAV + "</Aadhaar>", "HSCER",
                "J" + System.nanoTime() % 1_000_000_000L, AARAV, "Aarav Sharma");
    }

    private void seesTheDocumentOnTheDashboardAndInIssued(String uri) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(message("nav.dashboard")).setExact(true))
                .click();
        page.waitForURL(url -> path(url).equals("/dashboard"));
        assertThat(page.locator("#issued-count").innerText()).as("the card and the marksheet").isEqualTo("2");
        assertThat(page.locator("#link-prompt").count()).as("no prompt to link once linked").isZero();
        assertThat(page.locator("#national-id-state").innerText()).contains("7058");
        assertThat(page.locator("#newest-issued a").first().getAttribute("href")).as("the newest first")
                .isEqualTo("/locker/issued/" + uri);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(message("nav.issued")).setExact(true))
                .click();
        page.waitForURL(url -> path(url).equals("/locker/issued"));
        assertThat(page.locator("#issued-table tbody tr").count()).isEqualTo(2);
        Locator row = page.locator("#issued-table tbody tr").filter(new Locator.FilterOptions()
                .setHasText("Class XII Marksheet"));
        assertThat(row.count()).isEqualTo(1);
        assertThat(row.locator("td").allInnerTexts()).satisfies(cells -> assertThat(String.join("|", cells))
                .contains("Class XII Marksheet", "Board of in.gov.journey", "15-05-2014",
                        message("locker.status.ACTIVE")));
    }

    private void opensTheIssuedDocument(String uri) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Class XII Marksheet")).click();
        page.waitForURL(url -> path(url).equals("/locker/issued/" + uri));

        assertThat(page.locator("#document-name").innerText()).isEqualTo("Class XII Marksheet");
        assertThat(page.locator("#document-uri").innerText()).isEqualTo(uri);
        assertThat(page.locator("#document-status").innerText()).isEqualTo(message("locker.status.ACTIVE"));
        assertThat(page.locator(".qr-box svg").isVisible()).as("the verification QR").isTrue();
        assertThat(page.locator("#verify-link").getAttribute("href")).contains("/verify/" + uri + "?p=ey");
        Locator rendered = page.locator("img.document-preview");
        rendered.scrollIntoViewIfNeeded();
        page.waitForFunction("img => img.complete && img.naturalWidth > 0", rendered.elementHandle());
        assertThat((Integer) rendered.evaluate("img => img.naturalWidth")).as("the rendered document")
                .isGreaterThan(300);

        Download pdf = page.waitForDownload(() -> page.locator("#download-pdf").click());
        assertThat(pdf.suggestedFilename()).isEqualTo(uri + ".pdf");
        assertThat(new String(bytes(pdf), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    /**
     * Only the keyboard: Tab to the file field, Enter opens the file chooser, Tab to the type and to the
     * button, Enter sends. The upload is throttled, so the progress bar must show values between 0 and 100.
     */
    private void uploadsWithTheKeyboardWhileTheProgressBarMoves(String name, byte[] pdf) {
        page.navigate("/locker/uploaded");
        tabTo("#file");
        FileChooser chooser = page.waitForFileChooser(() -> page.keyboard().press("Enter"));
        chooser.setFiles(new FilePayload(name, "application/pdf", pdf));
        tabTo("#upload-type");
        page.keyboard().type(message("locker.kind.birth-certificate"));
        assertThat(page.locator("#upload-type").inputValue()).isEqualTo("birth-certificate");
        tabTo("form[data-upload-progress] button[type=submit]");

        page.evaluate("""
                () => {
                  const bar = document.getElementById('upload-progress');
                  window.progressSeen = [];
                  new MutationObserver(() => window.progressSeen.push(bar.hidden ? -1 : Number(bar.value)))
                      .observe(bar, { attributes: true, attributeFilter: ['value', 'hidden'] });
                  const percent = document.getElementById('upload-percent');
                  window.percentSeen = [];
                  new MutationObserver(() => percent.hidden || window.percentSeen.push(percent.textContent))
                      .observe(percent, { attributes: true, childList: true, characterData: true, subtree: true });
                  const live = document.querySelector('[aria-live="polite"]#upload-announce');
                  window.announced = [];
                  new MutationObserver(() => window.announced.push(live.textContent))
                      .observe(live, { childList: true, characterData: true, subtree: true });
                }""");
        CDPSession devtools = context.newCDPSession(page);
        devtools.send("Network.enable");
        devtools.send("Network.emulateNetworkConditions", networkConditions(pdf.length / 3));
        try {
            page.keyboard().press("Enter");
            page.locator("#upload-done").getByText(message("locker.uploaded.done", 1)).waitFor();
        }
        finally {
            devtools.send("Network.emulateNetworkConditions", networkConditions(-1));
            devtools.detach();
        }

        @SuppressWarnings("unchecked")
        List<Number> seen = (List<Number>) page.evaluate("window.progressSeen");
        assertThat(seen).as("values of the progress bar during the upload").isNotEmpty()
                .anySatisfy(value -> assertThat(value.doubleValue()).isStrictlyBetween(0.0, 100.0));
        assertThat(seen.stream().map(Number::doubleValue).toList()).as("never going back").isSorted();
        @SuppressWarnings("unchecked")
        List<String> percents = (List<String>) page.evaluate("window.percentSeen");
        assertThat(percents).as("the percentage beside the bar").isNotEmpty()
                .allSatisfy(text -> assertThat(text).matches("\\d{1,3}%"))
                .anySatisfy(text -> assertThat(text).isNotIn("0%", "100%"));
        @SuppressWarnings("unchecked")
        List<String> announced = (List<String>) page.evaluate("window.announced");
        assertThat(announced).as("what the live region said").startsWith(message("locker.upload.started"))
                .contains(message("locker.upload.percent", "100"))
                .anySatisfy(text -> assertThat(text).isIn(message("locker.upload.percent", "25"),
                        message("locker.upload.percent", "50"), message("locker.upload.percent", "75")))
                .last().isEqualTo(message("locker.uploaded.done", 1));
        assertThat(page.evaluate("document.activeElement.id")).as("focus after the swap").isEqualTo("upload-done");
        Locator card = card(name);
        assertThat(card.innerText()).contains(message("locker.kind.birth-certificate"));
        Locator thumbnail = card.locator("img.doc-card__thumb");
        thumbnail.scrollIntoViewIfNeeded();
        page.waitForFunction("img => img.complete && img.naturalWidth > 0", thumbnail.elementHandle());
    }

    private void uploadsSeveralFilesEachWithItsOwnType() throws IOException {
        page.navigate("/locker/uploaded?lang=en");
        page.locator("#file").setInputFiles(new FilePayload[] {
                new FilePayload("Passport scan.pdf", "application/pdf", pdf(8)),
                new FilePayload("PAN scan.pdf", "application/pdf", pdf(8)) });
        assertThat(page.locator("[data-file-types] select[name=types]").count()).as("a choice for each file")
                .isEqualTo(2);
        page.getByLabel("Passport scan.pdf").selectOption("passport");
        page.getByLabel("PAN scan.pdf").selectOption("pan-card");
        page.locator("form[data-upload-progress] button[type=submit]").click();
        page.locator("#upload-done").getByText(message("locker.uploaded.done", 2)).waitFor();
        assertThat(card("Passport scan.pdf").innerText()).contains(message("locker.kind.passport"));
        assertThat(card("PAN scan.pdf").innerText()).contains(message("locker.kind.pan-card"));
    }

    private void renamesWithTheKeyboard(String name, String newName) {
        page.navigate("/locker/uploaded");
        tabTo("[data-document-id] summary");
        page.keyboard().press("Enter");
        tabTo("input[name=name]");
        assertThat(page.evaluate("document.activeElement.value")).isEqualTo(name);
        page.keyboard().press("ControlOrMeta+A");
        page.keyboard().type(newName);
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.contains("renamed"));

        assertThat(status().innerText()).isEqualTo(message("locker.done.renamed"));
        assertThat(page.locator(".doc-card__name").allInnerTexts()).containsExactly(newName);
    }

    private void downloadsTheSameBytes(String name, byte[] uploaded) {
        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName(message("locker.download.named", name))).click());

        assertThat(download.failure()).isNull();
        assertThat(download.suggestedFilename()).isEqualTo(name);
        assertThat(bytes(download)).isEqualTo(uploaded);
    }

    private void deletesAndRestores(String name) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(message("locker.delete.named", name)))
                .click();
        page.waitForURL(url -> url.contains("deleted"));
        assertThat(status().innerText()).isEqualTo(message("locker.done.deleted", 30));
        assertThat(page.locator(".doc-card").count()).isZero();

        page.locator("#bin-link").click();
        page.waitForURL(url -> url.contains("bin"));
        assertThat(page.locator(".doc-card__name").allInnerTexts()).containsExactly(name);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(message("locker.restore.named", name)))
                .click();
        page.waitForURL(url -> url.contains("restored"));

        assertThat(status().innerText()).isEqualTo(message("locker.done.restored"));
        assertThat(page.locator(".doc-card__name").allInnerTexts()).containsExactly(name);
        page.locator("#bin-link").click();
        page.waitForURL(url -> url.contains("bin"));
        assertThat(page.locator(".doc-card").count()).as("the bin after the restore").isZero();
    }

    /**
     * The activity page lists what the journey did, newest first; narrows it by kind and by days (in
     * India Standard Time); and its CSV holds the same entries.
     */
    private void readsTheActivityNewestFirstFiltersItAndDownloadsItAsCsv() throws IOException {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(message("nav.activity")).setExact(true))
                .click();
        page.waitForURL(url -> path(url).equals("/activity"));
        // The trail records each event after its transaction, so the last one may still be on its way.
        for (int reloads = 0; actions().isEmpty() || !actions().get(0).equals("locker.DocumentRestored"); reloads++) {
            assertThat(reloads).as("reloads of /activity waiting for the restore; actions: %s", actions())
                    .isLessThan(50);
            page.waitForTimeout(200);
            page.reload();
        }
        List<String> everything = actions();
        assertThat(everything.stream().filter(JOURNEY::contains).toList()).as("the journey, newest first")
                .containsExactly("locker.DocumentRestored", "locker.DocumentDeleted", "locker.DocumentDownloaded",
                        "locker.DocumentChanged", "locker.DocumentUploaded", "locker.DocumentDownloaded",
                        "issuer.DocumentDelivered", "issuer.DocumentDelivered", "identity.NationalIdLinked",
                        "account.ResidentSignedUp");
        Locator restored = page.locator("#activity-entries tr[data-action='locker.DocumentRestored']");
        assertThat(restored.locator("td").allInnerTexts()).satisfies(cells -> assertThat(String.join("|", cells))
                .contains(message("activity.action.locker.DocumentRestored"), "Birth certificate 2026.pdf",
                        message("activity.by.you")));

        filterActivity("uploads", "", "");
        assertThat(actions()).containsExactly("locker.DocumentRestored", "locker.DocumentDeleted",
                "locker.DocumentChanged", "locker.DocumentUploaded");
        filterActivity("downloads", "", "");
        assertThat(actions()).containsExactly("locker.DocumentDownloaded", "locker.DocumentDownloaded");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
        filterActivity("all", today.minusDays(1).toString(), today.plusDays(1).toString());
        assertThat(actions()).isEqualTo(everything);
        filterActivity("all", today.plusDays(1).toString(), "");
        assertThat(actions()).isEmpty();
        assertThat(page.locator("#activity-none").innerText()).isEqualTo(message("activity.none"));
        filterActivity("all", "", today.minusDays(1).toString());
        assertThat(actions()).isEmpty();

        page.navigate("/activity");
        Download csv = page.waitForDownload(() -> page.locator("#activity-csv").click());
        assertThat(csv.suggestedFilename()).endsWith(".csv");
        List<String> lines = new String(bytes(csv), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFF\"" + message("activity.column.when") + "\",\""
                + message("activity.column.action") + "\"");
        assertThat(lines.subList(1, lines.size()).stream().map(line -> line.split("\",\"")[1]).toList())
                .as("the CSV's codes").isEqualTo(everything);
    }

    private void filterActivity(String kind, String from, String to) {
        Locator filter = page.locator("#activity-filter");
        filter.locator("select[name=kind]").selectOption(kind);
        filter.locator("input[name=from]").fill(from);
        filter.locator("input[name=to]").fill(to);
        filter.locator("button[type=submit]").click();
        page.waitForURL(url -> url.contains("kind=" + kind + "&from=" + from + "&to=" + to));
    }

    /** The action codes of the rows on the activity page, top to bottom. */
    private List<String> actions() {
        return page.locator("#activity-entries tr[data-action]").evaluateAll(
                "rows => rows.map(row => row.dataset.action)") instanceof List<?> rows
                        ? rows.stream().map(String::valueOf).toList() : List.of();
    }

    /** Every page, 360 by 740 CSS pixels, in {@code language}: nothing wider than the screen. */
    private void fitsAPhoneScreen(String language, List<String> paths) {
        page.setViewportSize(360, 740);
        page.navigate("/dashboard?lang=" + language);
        for (String path : paths) {
            page.navigate(path);
            assertThat(page.evaluate("document.documentElement.lang")).as(path).isEqualTo(language);
            assertThat(page.evaluate("innerWidth")).isEqualTo(360);
            Object overflowing = page.evaluate("""
                    () => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                        .filter(e => !e.closest('.table-scroll') && !e.matches('.skip-link'))
                        .slice(0, 5).map(e => e.outerHTML.slice(0, 160))""");
            assertThat((Integer) page.evaluate("document.scrollingElement.scrollWidth"))
                    .as("width of %s in %s on a 360px screen; wider elements: %s", path, language, overflowing)
                    .isLessThanOrEqualTo(360);
        }
        page.setViewportSize(1280, 800);
    }

    private Locator status() {
        return page.locator("main [role=status]").first();
    }

    private Locator card(String name) {
        return page.locator(".doc-card").filter(new Locator.FilterOptions().setHas(
                page.locator(".doc-card__name").getByText(name, new Locator.GetByTextOptions().setExact(true))));
    }

    /** Tabs to {@code selector}, checking that every element on the way shows its focus ({@link BrowserSteps}). */
    private void tabTo(String selector) {
        BrowserSteps.tabTo(page, selector);
    }

    /** Runs {@code action}, which sends a code by SMS to {@code mobile}, and returns the new code. */
    private String otpAfter(String mobile, Runnable action) {
        SmsOutbox outbox = SmsOutbox.of(state.root());
        int before = outbox.messagesTo(mobile).size();
        action.run();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (outbox.messagesTo(mobile).size() == before) {
            if (System.nanoTime() > deadline) {
                fail("no SMS to " + mobile + " in " + outbox.file());
            }
            page.waitForTimeout(20);
        }
        return outbox.lastOtpFor(mobile).orElseThrow();
    }

    private String message(String key, Object... arguments) {
        return messages.getMessage(key, arguments, Locale.ENGLISH);
    }

    private static JsonObject networkConditions(long uploadBytesPerSecond) {
        var conditions = new JsonObject();
        conditions.addProperty("offline", false);
        conditions.addProperty("latency", uploadBytesPerSecond < 0 ? 0 : 20);
        conditions.addProperty("downloadThroughput", -1);
        conditions.addProperty("uploadThroughput", uploadBytesPerSecond);
        return conditions;
    }

    private static byte[] bytes(Download download) {
        try (InputStream in = download.createReadStream()) {
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A one-page PDF with a picture of random pixels, {@code side} pixels square: about 3 side² bytes. */
    static byte[] pdf(int side) throws IOException {
        var random = new Random(side);
        var picture = new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                picture.setRGB(x, y, random.nextInt());
            }
        }
        try (PDDocument document = new PDDocument()) {
            PDPage sheet = new PDPage();
            document.addPage(sheet);
            PDImageXObject image = LosslessFactory.createFromImage(document, picture);
            try (var content = new PDPageContentStream(document, sheet)) {
                content.drawImage(image, 72, 300, side, side);
            }
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }
}
