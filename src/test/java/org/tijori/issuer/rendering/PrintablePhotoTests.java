package org.tijori.issuer.rendering;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.TestPhotos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which photos a printed document shows, judged by the JPEG's markers before anything decodes it, and the photo
 * as the PDF carries it: the JPEG itself, never a decoded copy.
 */
class PrintablePhotoTests {

    static final byte[] PORTRAIT = TestPhotos.portrait(120, 150, false);

    @Test
    void acceptsBaselineAndProgressiveJpegsAndReadsTheirSizeFromTheFrameHeader() {
        PrintablePhoto baseline = new PrintablePhoto(PORTRAIT);
        PrintablePhoto progressive = new PrintablePhoto(TestPhotos.portrait(300, 400, true));

        assertThat(baseline.width()).isEqualTo(120);
        assertThat(baseline.height()).isEqualTo(150);
        assertThat(baseline.components()).isEqualTo(3);
        assertThat(baseline.jpeg()).isEqualTo(PORTRAIT);
        assertThat(progressive.width()).isEqualTo(300);
        assertThat(progressive.height()).isEqualTo(400);
        assertThat(PrintablePhoto.fromBase64(" " + Base64.getMimeEncoder().encodeToString(PORTRAIT) + "\n").jpeg())
                .isEqualTo(PORTRAIT);
    }

    @Test
    void refusesAPhotoLargerThan64KiB() {
        byte[] large = TestPhotos.noise(300, 300);
        assertThat(large.length).isGreaterThan(PrintablePhoto.MAX_BYTES);

        assertThatIllegalArgumentException().isThrownBy(() -> new PrintablePhoto(large))
                .withMessage("the photo is larger than 64 KiB");
        // The base64 is measured before it is decoded.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PrintablePhoto.fromBase64(Base64.getEncoder().encodeToString(large)))
                .withMessage("the photo is larger than 64 KiB");
    }

    @Test
    void refusesASmallJpegThatClaimsHugeDimensions() {
        byte[] flood = TestPhotos.claiming(PORTRAIT, 60_000, 60_000);
        assertThat(flood.length).isLessThan(8 * 1024);

        assertThatIllegalArgumentException().isThrownBy(() -> new PrintablePhoto(flood))
                .withMessageContaining("60000 x 60000 pixels");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PrintablePhoto(TestPhotos.claiming(PORTRAIT, PrintablePhoto.MAX_SIDE + 1, 10)));
        assertThatIllegalArgumentException().as("a height given later, in a DNL segment")
                .isThrownBy(() -> new PrintablePhoto(TestPhotos.claiming(PORTRAIT, 120, 0)));
        assertThat(new PrintablePhoto(TestPhotos.claiming(PORTRAIT, PrintablePhoto.MAX_SIDE, 10)).width())
                .isEqualTo(PrintablePhoto.MAX_SIDE);
    }

    @Test
    void refusesWhatIsNotAPlainJpeg() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PrintablePhoto("GIF89a....".getBytes(
                StandardCharsets.US_ASCII))).withMessage("the photo is not a JPEG image");
        assertThatIllegalArgumentException().as("arithmetic coding")
                .isThrownBy(() -> new PrintablePhoto(TestPhotos.withFrameMarker(PORTRAIT, 0xC9)));
        assertThatIllegalArgumentException().as("lossless")
                .isThrownBy(() -> new PrintablePhoto(TestPhotos.withFrameMarker(PORTRAIT, 0xC3)));
        assertThatIllegalArgumentException().as("cut short")
                .isThrownBy(() -> new PrintablePhoto(Arrays.copyOf(PORTRAIT, PORTRAIT.length / 2)))
                .withMessage("the photo is a damaged JPEG image");
        byte[] twelveBits = PORTRAIT.clone();
        twelveBits[TestPhotos.segment(twelveBits, 0xC0) + 4] = 12;
        assertThatIllegalArgumentException().isThrownBy(() -> new PrintablePhoto(twelveBits))
                .withMessageContaining("12-bit");
        assertThatIllegalArgumentException().isThrownBy(() -> PrintablePhoto.fromBase64("not base64!"))
                .withMessage("the photo is not in base64");
    }

    @Test
    void refusesMoreScansThanAnyEncoderWrites() throws Exception {
        int scan = TestPhotos.segment(PORTRAIT, 0xDA);
        byte[] oneScan = Arrays.copyOfRange(PORTRAIT, scan, PORTRAIT.length - 2);
        ByteArrayOutputStream manyScans = new ByteArrayOutputStream();
        manyScans.write(PORTRAIT, 0, scan);
        for (int i = 0; i <= PrintablePhoto.MAX_SCANS; i++) {
            manyScans.write(oneScan);
        }
        manyScans.write(new byte[] { (byte) 0xFF, (byte) 0xD9 });

        assertThatIllegalArgumentException().isThrownBy(() -> new PrintablePhoto(manyScans.toByteArray()))
                .withMessageContaining("more than 32 scans");
    }

    @Test
    void thePdfCarriesThePhotoAsTheJpegItIs() throws Exception {
        byte[] pdf = render(certificate(PORTRAIT));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<PDImageXObject> images = images(document.getPage(0));
            assertThat(images).hasSize(1);
            assertThat(images.get(0).getWidth()).isEqualTo(120);
            assertThat(images.get(0).getHeight()).isEqualTo(150);
            assertThat(images.get(0).getCOSObject().getItem(COSName.FILTER)).isEqualTo(COSName.DCT_DECODE);
            try (var raw = images.get(0).getCOSObject().createRawInputStream()) {
                assertThat(raw.readAllBytes()).isEqualTo(PORTRAIT);
            }
            assertThat(new PDFTextStripper().getText(document)).contains("Asha Verma").doesNotContain("Not shown");
        }
    }

    @Test
    void aHostilePhotoIsLeftOutAndThePageSaysWhy() throws Exception {
        byte[] flood = TestPhotos.claiming(PORTRAIT, 60_000, 60_000);

        byte[] pdf = render(certificate(flood));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(images(document.getPage(0))).isEmpty();
            assertThat(new PDFTextStripper().getText(document))
                    .contains("Not shown: the photo claims to be 60000 x 60000 pixels");
            // Whoever draws the page later (the locker's previews) meets no image to decode: 60,000 x 60,000
            // pixels would be 10 GiB.
            assertThat(new PDFRenderer(document).renderImageWithDPI(0, 30).getWidth()).isPositive();
        }
        assertThat(images(Loader.loadPDF(render(certificate(TestPhotos.noise(300, 300)))).getPage(0))).isEmpty();
    }

    @Test
    void anotherFormatThanJpegIsNotShown() throws Exception {
        String xml = new String(certificate(PORTRAIT), StandardCharsets.UTF_8).replace("format=\"jpeg\"",
                "format=\"png\"");

        try (PDDocument document = Loader.loadPDF(render(xml.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(images(document.getPage(0))).isEmpty();
            assertThat(new PDFTextStripper().getText(document)).contains("Not shown: only JPEG photos are printed.");
        }
    }

    static byte[] certificate(byte[] photo) {
        return ("<Certificate language=\"99\" name=\"Caste Certificate\" type=\"CASTE\" number=\"C-1\">"
                + "<IssuedBy><Organization name=\"Revenue Department\"/></IssuedBy>"
                + "<IssuedTo><Person uid=\"XXXXXXXX4321\" name=\"Asha Verma\" dob=\"01-02-1990\" gender=\"F\">"
                + "<Photo format=\"jpeg\">" + Base64.getEncoder().encodeToString(photo) + "</Photo></Person></IssuedTo>"
                + "<CertificateData><Caste name=\"Example\"/></CertificateData></Certificate>")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] render(byte[] xml) {
        CertificateRenderer renderer = new CertificateRenderer("http://localhost:8080",
                new RenderingStylesheets(Duration.ofSeconds(5), 100_000),
                subject -> "http://localhost:8080/verify/" + subject.uri() + "?p=proof");
        return renderer.render(new CertificateRenderer.Subject(DocumentUri.parse("in.gov.revenue-CASTE-C1"), 1,
                "Caste Certificate", DocumentStatus.ACTIVE, LocalDate.of(2026, 1, 2), null, null, "Revenue Department",
                null), xml, null);
    }

    static List<PDImageXObject> images(PDPage page) throws Exception {
        List<PDImageXObject> images = new ArrayList<>();
        for (COSName name : page.getResources().getXObjectNames()) {
            if (page.getResources().getXObject(name) instanceof PDImageXObject image) {
                images.add(image);
            }
        }
        return images;
    }
}
