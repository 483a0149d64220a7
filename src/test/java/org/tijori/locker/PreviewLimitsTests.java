package org.tijori.locker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.ImageIO;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thumbnails and previews over HTTP, attacked with files that claim to be huge or that multiply their
 * work: each gets an answer that is not a server error, costs bounded memory and time, and is drawn
 * (or found undrawable) once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + PreviewLimitsTests.TOKEN, "tijori.issuer.registrations-per-address=1000",
        "tijori.locker.preview.timeout=" + PreviewLimitsTests.TIMEOUT })
class PreviewLimitsTests {

    static final String TOKEN = "preview-tests-bootstrap-token-0123456789";

    static final String PASSWORD = "a long and unusual phrase";

    /** Long enough for a real page on a busy machine, short enough to wait for. */
    static final String TIMEOUT = "12s";

    /** Far below what the attacks made the old code allocate (740 MB for the first page of a 417-byte PDF). */
    static final long MEMORY_BOUND = 150L << 20;

    static final AtomicInteger residents = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Test
    void aPageThatClaimsToBeFourKilometresTallGetsNoPreviewCostsNoMemoryAndIsNotTriedAgain() throws Exception {
        WebClient web = newResident();
        byte[] pdf = pdfOfOnePage(new PDRectangle(120, 400_000));
        assertThat(pdf.length).isLessThan(1024);
        String id = upload(web, "tall.pdf", pdf);
        double refused = previews("refused");

        long allocated = allocatedByAllThreads();
        HttpResponse<String> page = web.get("/locker/uploaded/" + id + "/thumbnail");
        long cost = allocatedByAllThreads() - allocated;

        assertThat(page.statusCode()).as("an answer, not a server error").isEqualTo(404);
        assertThat(page.body()).doesNotContain("Exception", "Error:");
        assertThat(cost).as("bytes allocated while answering").isLessThan(MEMORY_BOUND);
        assertThat(previews("refused")).isEqualTo(refused + 1);

        HttpResponse<String> api = web.get("/api/v1/locker/uploaded/" + id + "/thumbnail");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.body()).contains("This document has no preview.");
        assertThat(previews("refused")).as("the failure is remembered, not drawn again").isEqualTo(refused + 1);
    }

    @Test
    void aPictureThatClaimsTwentyThousandPixelsSquareIsRefusedOnceAndRemembered() throws Exception {
        WebClient web = newResident();
        byte[] bomb = blankPng(20_000, 20_000, 1);
        assertThat(bomb.length).isLessThan(64 * 1024);
        String id = upload(web, "bomb.png", bomb);
        double refused = previews("refused");

        long allocated = allocatedByAllThreads();
        HttpResponse<String> first = web.get("/locker/uploaded/" + id + "/thumbnail");
        assertThat(first.statusCode()).isEqualTo(404);
        HttpResponse<String> again = web.get("/api/v1/locker/uploaded/" + id + "/thumbnail");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(allocatedByAllThreads() - allocated).isLessThan(MEMORY_BOUND);
        assertThat(previews("refused")).as("refused once, then remembered").isEqualTo(refused + 1);
    }

    @Test
    void aTallThinPictureIsDrawnWithinThePixelBudget() throws Exception {
        WebClient web = newResident();
        // 39.9 million pixels: under the decoding limit, but a strip that, drawn 100 pixels wide as it is,
        // took 40 million pixels three times over (decoded, scaled, encoded).
        byte[] strip = blankPng(100, 399_000, 8);
        String id = upload(web, "strip.png", strip);

        long allocated = allocatedByAllThreads();
        HttpResponse<byte[]> thumbnail = web.getBytes("/locker/uploaded/" + id + "/thumbnail");
        long cost = allocatedByAllThreads() - allocated;

        assertThat(thumbnail.statusCode()).isEqualTo(200);
        var image = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(2_000_000);
        assertThat(cost).as("bytes allocated while answering").isLessThan(MEMORY_BOUND);
    }

    @Test
    void aPageThatMultipliesItsWorkIsAbandonedAtTheDeadlineAndItsDrawerFreed() throws Exception {
        WebClient web = newResident();
        // Nine levels of forms, each drawing the next ten times: a billion rectangles in 2 KB.
        String id = upload(web, "forms.pdf", pdfOfNestedForms(9, 10));
        double refused = previews("refused");

        long started = System.nanoTime();
        HttpResponse<String> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return web.get("/locker/uploaded/" + id + "/thumbnail");
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(60, java.util.concurrent.TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(took).as("the deadline, and a little").isLessThan(Duration.ofSeconds(20));
        assertThat(previews("refused")).isEqualTo(refused + 1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metric("tijori_locker_previews_drawing",
                null)).as("the abandoned drawing stopped and gave its place back").isZero());
        assertThat(web.get("/locker/uploaded/" + id + "/thumbnail").statusCode()).isEqualTo(404);
        assertThat(previews("refused")).as("not drawn again").isEqualTo(refused + 1);
    }

    @Test
    void anIssuedDocumentsPreviewIsDrawnOnceAndAgainOnlyWhenItsPdfChanges() throws Exception {
        String username = "preview" + residents.incrementAndGet() + "x" + (System.nanoTime() % 100_000);
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(6_300_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + residents.get())), username, PASSWORD);
        WebClient web = new WebClient(port);
        web.signIn(username, PASSWORD);
        TestIssuer issuer = new TestIssuer("in.gov.preview" + residents.incrementAndGet(),
                TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
        String uri = issuer.publish(new WebClient(port), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>",
                "HSCER", "PV" + residents.get(), "234567890124", "Asha Verma");
        String path = "/locker/issued/" + uri + "/preview.png";
        double drawn = previews("drawn");

        HttpResponse<byte[]> first = web.getBytes(path);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(web.getBytes(path).body()).isEqualTo(first.body());
        assertThat(previews("drawn")).as("drawn once, then kept").isEqualTo(drawn + 1);

        HttpResponse<String> revoked = new WebClient(port).postForm("/public/issuer/1/status",
                issuer.statusForm(uri, "revoked", "Result withheld"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        HttpResponse<byte[]> after = web.getBytes(path);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).as("the revoked PDF says so").isNotEqualTo(first.body());
        assertThat(web.getBytes(path).body()).isEqualTo(after.body());
        assertThat(previews("drawn")).as("drawn again for the new PDF only").isEqualTo(drawn + 2);
    }

    @Test
    void anIssuedDocumentsNewVersionGetsANewPreviewDrawnOnce() throws Exception {
        String username = "preview" + residents.incrementAndGet() + "x" + (System.nanoTime() % 100_000);
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(6_300_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + residents.get())), username, PASSWORD);
        WebClient web = new WebClient(port);
        web.signIn(username, PASSWORD);
        TestIssuer issuer = new TestIssuer("in.gov.preview" + residents.incrementAndGet(),
                TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
        String docId = "PU" + residents.get();
        String locker = "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>";
        String uri = issuer.publish(new WebClient(port), locker, "HSCER", docId, "234567890124", "Asha Verma");
        String path = "/locker/issued/" + uri + "/preview.png";
        double drawn = previews("drawn");
        byte[] first = web.getBytes(path).body();
        assertThat(previews("drawn")).isEqualTo(drawn + 1);

        String update = issuer.pushRequest(locker, "HSCER", docId, "U",
                issuer.signedCertificate("HSCER", docId, "234567890124", "Asha Verma Sharma"), TestIssuer.now(),
                TestIssuer.newTxn());
        HttpResponse<String> updated = new WebClient(port).post("/public/issuer/issuedoc/1/xml", "application/xml",
                update.getBytes(java.nio.charset.StandardCharsets.UTF_8), "x-digilocker-hmac", issuer.hmac(update));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

        HttpResponse<byte[]> second = web.getBytes(path);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).as("the new version prints another name").isNotEqualTo(first);
        assertThat(web.getBytes(path).body()).isEqualTo(second.body());
        assertThat(previews("drawn")).as("drawn once for the new version, then kept").isEqualTo(drawn + 2);
    }

    private WebClient newResident() throws Exception {
        int n = residents.incrementAndGet();
        String username = "preview" + n + "x" + (System.nanoTime() % 100_000);
        accounts.signUp(new MobileNumber(String.valueOf(6_300_000_000L + (System.nanoTime() % 1_000_000) * 100 + n)),
                username, PASSWORD);
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).statusCode()).isEqualTo(302);
        return web;
    }

    private static String upload(WebClient web, String name, byte[] content) throws Exception {
        String csrf = WebClient.csrfTokenOf(web.get("/locker/uploaded").body());
        HttpResponse<String> created = web.postMultipart("/api/v1/locker/uploaded", Map.of(), "file", name, content,
                "X-CSRF-TOKEN", csrf);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    /** Previews counted with this outcome since the server started. */
    private double previews(String outcome) throws Exception {
        return metric("tijori_locker_previews_total", outcome);
    }

    private double metric(String name, String outcome) throws Exception {
        HttpResponse<String> metrics = new WebClient(port).get("/actuator/prometheus", "Authorization",
                "Bearer " + TOKEN);
        assertThat(metrics.statusCode()).isEqualTo(200);
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics.body());
        while (value.find()) {
            if (outcome == null || (value.group(1) != null && value.group(1).contains("outcome=\"" + outcome + "\""))) {
                return Double.parseDouble(value.group(2));
            }
        }
        assertThat(outcome).as(name + " is not among the metrics").isNotNull();
        return 0;
    }

    /**
     * Bytes allocated by every thread of this JVM, the server's included. Threads that end meanwhile drop
     * out, which can only make the difference smaller; the drawers and Tomcat's threads live on.
     */
    static long allocatedByAllThreads() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return LongStream.of(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(bytes -> bytes > 0)
                .sum();
    }

    static byte[] pdfOfOnePage(PDRectangle box) throws Exception {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage(box));
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    /** A page that draws a form that draws the next {@code fanOut} times, {@code levels} deep. */
    static byte[] pdfOfNestedForms(int levels, int fanOut) throws Exception {
        try (PDDocument document = new PDDocument()) {
            PDFormXObject next = form(document, "0 0 1 1 re f");
            for (int level = 1; level < levels; level++) {
                PDFormXObject form = form(document, "q /X Do Q ".repeat(fanOut));
                PDResources resources = new PDResources();
                resources.put(COSName.getPDFName("X"), next);
                form.setResources(resources);
                next = form;
            }
            PDPage page = new PDPage(PDRectangle.A4);
            PDResources resources = new PDResources();
            resources.put(COSName.getPDFName("X"), next);
            page.setResources(resources);
            PDStream content = new PDStream(document);
            try (var out = content.createOutputStream()) {
                out.write("/X Do".getBytes(StandardCharsets.US_ASCII));
            }
            page.setContents(content);
            document.addPage(page);
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static PDFormXObject form(PDDocument document, String operators) throws Exception {
        PDStream stream = new PDStream(document);
        try (var out = stream.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(operators.getBytes(StandardCharsets.US_ASCII));
        }
        PDFormXObject form = new PDFormXObject(stream);
        form.setBBox(new PDRectangle(0, 0, 600, 800));
        return form;
    }

    /** A grey PNG of {@code width} x {@code height} zero pixels, written a row at a time: a few KB. */
    static byte[] blankPng(int width, int height, int bitDepth) throws Exception {
        var png = new ByteArrayOutputStream();
        var out = new DataOutputStream(png);
        out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
        var header = new ByteArrayOutputStream();
        var fields = new DataOutputStream(header);
        fields.writeInt(width);
        fields.writeInt(height);
        fields.writeByte(bitDepth);
        fields.writeByte(0);
        fields.writeByte(0);
        fields.writeByte(0);
        fields.writeByte(0);
        chunk(out, "IHDR", header.toByteArray());
        var data = new ByteArrayOutputStream();
        byte[] row = new byte[1 + (int) (((long) width * bitDepth + 7) / 8)];
        try (var deflated = new DeflaterOutputStream(data, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
            for (int y = 0; y < height; y++) {
                deflated.write(row);
            }
        }
        chunk(out, "IDAT", data.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws Exception {
        out.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
