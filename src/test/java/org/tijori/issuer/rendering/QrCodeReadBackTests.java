package org.tijori.issuer.rendering;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.PrintedQrCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A QR code is printed only in a form that ZXing's reader finds and reads at the scale of a 150 dpi scan, sharp
 * and blurred; the scan the read-back reads is the page as a renderer draws it; and the PDFs drawn with such codes
 * read so, whatever the length of the link.
 */
class QrCodeReadBackTests {

    @Test
    void printsAnotherMaskWhenTheBestOneDoesNotReadBackAsPrinted() {
        Random random = new Random(1);
        String text;
        ByteMatrix best;
        do {
            text = link(random, 350 + random.nextInt(900), "R");
            best = QrCodeMasks.byPenalty(text).get(0);
        }
        while (PrintedQrCodes.readsBack(best, text));

        ByteMatrix printed = PrintedQrCodes.readable(text);

        assertThat(printed.getArray()).as("another mask").isNotEqualTo(best.getArray());
        assertThat(PrintedQrCodes.readsBack(printed, text)).isTrue();
    }

    /**
     * The code of PDFs laid out differently (the code at other heights, on the first or second page) covers whole
     * pixels of the page drawn at 150 dpi, and that drawing, sharp and after a 3x3 box blur, is the read-back's
     * scan pixel for pixel around the code (the text beside it left out).
     */
    @Test
    void theReadBackScansThePageAsARendererDrawsItAt150Dpi() throws Exception {
        Random random = new Random(4);
        String[] link = new String[1];
        CertificateRenderer renderer = new CertificateRenderer("http://localhost:8080",
                new RenderingStylesheets(Duration.ofSeconds(5), 100_000), subject -> link[0]);
        float scale = PrintedQrCodes.DPI / 72f;
        for (int i = 0; i < 6; i++) {
            link[0] = link(random, 350 + random.nextInt(900), String.valueOf(i));
            byte[] pdf = renderer.render(new CertificateRenderer.Subject(DocumentUri.parse("in.gov.trial-HSCER-" + i),
                    1, "Trial " + "certificate ".repeat(random.nextInt(40)), i % 3 == 0 ? DocumentStatus.REVOKED
                    : DocumentStatus.ACTIVE, LocalDate.of(2026, 1, 1), null, null, "Trial board", null), null, null);
            ByteMatrix code = PrintedQrCodes.readable(link[0]);
            BitMatrix scan = PrintedQrCodes.scan(code);
            int side = scan.getWidth();
            byte[] blurredScan = PrintedQrCodes.blurred(code, side);
            try (PDDocument document = Loader.loadPDF(pdf)) {
                int index = document.getNumberOfPages() - 1;
                PDPage page = document.getPage(index);
                List<PDAnnotation> annotations = page.getAnnotations();
                assertThat(annotations).hasSize(1);
                PDRectangle square = annotations.get(0).getRectangle();
                float left = square.getLowerLeftX() * scale;
                float top = (page.getMediaBox().getHeight() - square.getUpperRightY()) * scale;
                assertThat(left).as("left edge in pixels").isCloseTo(Math.round(left), within(0.01f));
                assertThat(top).as("top edge in pixels").isCloseTo(Math.round(top), within(0.01f));
                assertThat(square.getWidth() * scale).isCloseTo(side - 2 * PrintedQrCodes.FRAME_PIXELS, within(0.01f));
                BufferedImage drawn = new PDFRenderer(document).renderImageWithDPI(index, PrintedQrCodes.DPI);
                int frameLeft = Math.round(left) - PrintedQrCodes.FRAME_PIXELS;
                int frameTop = Math.round(top) - PrintedQrCodes.FRAME_PIXELS;
                BufferedImage framed = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
                framed.getGraphics().drawImage(drawn.getSubimage(frameLeft, frameTop, side, side), 0, 0, null);
                float[] box = new float[9];
                Arrays.fill(box, 1f / 9);
                BufferedImage blurred = new ConvolveOp(new Kernel(3, 3, box), ConvolveOp.EDGE_NO_OP, null)
                        .filter(framed, new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB));
                // The text beside the code starts 15 pt (31 pixels) right of the quiet zone, 27 above.
                int from = PrintedQrCodes.FRAME_PIXELS - 20;
                int to = side - PrintedQrCodes.FRAME_PIXELS + 20;
                for (int y = from; y < to; y++) {
                    for (int x = from; x < to; x++) {
                        assertThat(framed.getRGB(x, y) & 0xff).as("PDF %d, pixel %d,%d sharp", i, x, y)
                                .isEqualTo(scan.get(x, y) ? 0 : 255);
                        assertThat(blurred.getRGB(x, y) & 0xff).as("PDF %d, pixel %d,%d blurred", i, x, y)
                                .isEqualTo(blurredScan[y * side + x] & 0xff);
                    }
                }
            }
        }
    }

    /**
     * Forty PDFs with links of 350 to 1,250 characters (versions 14 to 30), each scanned from the page drawn at
     * 150 dpi by PDFBox, sharp and blurred: without the read-back, about one in seventeen does not read.
     */
    @Test
    void everyDrawnPdfsCodeReadsFromTheRenderedPageSharpAndBlurred() throws Exception {
        Random random = new Random(2);
        String[] link = new String[1];
        CertificateRenderer renderer = new CertificateRenderer("http://localhost:8080",
                new RenderingStylesheets(Duration.ofSeconds(5), 100_000), subject -> link[0]);
        for (int i = 0; i < 40; i++) {
            link[0] = link(random, 350 + random.nextInt(900), String.valueOf(i));
            byte[] pdf = renderer.render(new CertificateRenderer.Subject(DocumentUri.parse("in.gov.trial-HSCER-" + i),
                    1, "Trial", DocumentStatus.ACTIVE, LocalDate.of(2026, 1, 1), null, null, "Trial board", null), null,
                    null);
            assertThat(PrintedQrCode.scan(pdf, false).text()).as("sharp, link %d", i).isEqualTo(link[0]);
            assertThat(PrintedQrCode.scan(pdf, true).text()).as("blurred, link %d", i).isEqualTo(link[0]);
        }
    }

    private static String link(Random random, int length, String docId) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        StringBuilder text = new StringBuilder("http://localhost:8080/verify/in.gov.trial-HSCER-" + docId + "?p=");
        while (text.length() < length) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
