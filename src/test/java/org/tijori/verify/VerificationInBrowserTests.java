package org.tijori.verify;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.Chromium;
import org.tijori.TijoriProperties;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verifier's journeys in a real browser on a phone-sized screen (ADR 22): from the home page to the landing page,
 * a pasted link, and the camera, Chromium's fake device showing the printed QR code. Linux Chromium has no
 * BarcodeDetector, so the camera journey runs the jsQR decoder served by Tijori.
 */
@VerifyTestContext
class VerificationInBrowserTests {

    private static Chromium chromium;

    @TempDir
    static Path temporary;

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    TijoriProperties tijori;

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

    @Test
    void aVerifierOnAPhoneGoesFromTheHomePageToTheStatusByAPastedLink() throws Exception {
        String link = published("BROW/1", "Anjali Rao");
        try (BrowserContext context = phone(chromium.browser(), "en-GB")) {
            Page page = context.newPage();
            List<String> errors = new CopyOnWriteArrayList<>();
            page.onPageError(errors::add);
            page.navigate("/");
            // The first of the home page's two ways to it: the one at the top, what a phone shows first.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Verify a document")).first().click();
            page.waitForURL(url -> url.endsWith("/verify"));
            assertNoHorizontalScroll(page, "landing");
            assertThat(page.locator("#qr-scanner").isVisible()).as("the camera is offered where the API exists")
                    .isTrue();

            page.getByLabel("Verification link").fill(link);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check the link")).click();
            page.waitForURL(url -> url.contains("?p="));
            Locator status = page.getByRole(AriaRole.STATUS);
            assertThat(status.innerText()).as("the status is said in words")
                    .contains("Valid: the issuer has not withdrawn this document.");
            assertThat(page.locator("#holder").innerText()).isEqualTo("Anjali Rao");
            assertNoHorizontalScroll(page, "status");

            page.navigate("/verify/offline");
            assertNoHorizontalScroll(page, "offline");
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void theCameraReadsThePrintedQrCodeAndOpensTheStatusInHindi() throws Exception {
        String link = published("BROW/2", "Vikram Nair");
        Path video = temporary.resolve("qr.y4m");
        writeY4m(video, link);
        try (Chromium withCamera = Chromium.launchOrSkip(List.of("--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + video));
                BrowserContext context = phone(withCamera.browser(), "hi-IN")) {
            context.grantPermissions(List.of("camera"));
            Page page = context.newPage();
            List<String> errors = new CopyOnWriteArrayList<>();
            page.onPageError(errors::add);
            page.navigate("/verify?lang=hi");
            assertThat(page.locator("h1").innerText()).isEqualTo("दस्तावेज़ सत्यापित करें");
            assertThat((Boolean) page.evaluate("'BarcodeDetector' in window")).as("this test is about jsQR")
                    .isFalse();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("कैमरा चालू करें")).click();
            page.waitForURL(url -> url.contains("?p="), new Page.WaitForURLOptions().setTimeout(30_000));
            assertThat(page.getByRole(AriaRole.STATUS).innerText())
                    .isEqualTo(VerificationInBrowserTests.message("verify.status.ACTIVE"));
            assertThat(page.locator("#holder").innerText()).isEqualTo("Vikram Nair");
            assertThat(errors).isEmpty();
        }
    }

    private String published(String docId, String holder) throws Exception {
        PublishedDocuments published = new PublishedDocuments(port, accounts, documents);
        ResidentAccount resident = published.resident();
        String uri = published.push(published.issuer(), resident, docId, holder);
        // The link as printed, with this installation's base URL: the landing page leads from it to this server.
        String link = documents.verificationLink(resident.id(), DocumentUri.parse(uri)).orElseThrow();
        assertThat(link).startsWith(tijori.baseUrl().toString().replaceAll("/$", "") + "/verify/");
        return link;
    }

    private BrowserContext phone(Browser browser, String locale) {
        return browser.newContext(new Browser.NewContextOptions().setBaseURL("http://localhost:" + port)
                .setLocale(locale).setViewportSize(360, 640).setIsMobile(true).setHasTouch(true));
    }

    private static void assertNoHorizontalScroll(Page page, String what) {
        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).as(what + " at 360 px")
                .isLessThanOrEqualTo(360);
    }

    /** The Hindi text of a message, as the page shows it. */
    static String message(String key) throws IOException {
        java.util.Properties hindi = new java.util.Properties();
        try (var in = VerificationInBrowserTests.class.getResourceAsStream("/messages_hi.properties")) {
            hindi.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return hindi.getProperty(key);
    }

    /**
     * A still video of the QR code, as a phone camera sees a printed page: 640×480, grey (4:2:0 with neutral
     * chroma), the code in the middle with its quiet zone, two frames that Chromium loops.
     */
    static void writeY4m(Path file, String text) throws Exception {
        int width = 640;
        int height = 480;
        BitMatrix code = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 440, 440,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        byte[] luma = new byte[width * height];
        Arrays.fill(luma, (byte) 235);
        int left = (width - code.getWidth()) / 2;
        int top = (height - code.getHeight()) / 2;
        for (int y = 0; y < code.getHeight(); y++) {
            for (int x = 0; x < code.getWidth(); x++) {
                if (code.get(x, y)) {
                    luma[(top + y) * width + left + x] = (byte) 16;
                }
            }
        }
        byte[] chroma = new byte[width / 2 * height / 2];
        Arrays.fill(chroma, (byte) 128);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F10:1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int frame = 0; frame < 2; frame++) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(luma);
                out.write(chroma);
                out.write(chroma);
            }
        }
    }
}
