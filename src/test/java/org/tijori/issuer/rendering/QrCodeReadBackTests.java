package org.tijori.issuer.rendering;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Random;

import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.QRCode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.PrintedQrCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A QR code is printed only in a form that ZXing's reader finds and reads at the scale of a 150 dpi scan, sharp
 * and blurred; and the PDFs drawn with such codes read so, whatever the length of the link.
 */
class QrCodeReadBackTests {

    static final PrintedQrCodes.Placement AT = new PrintedQrCodes.Placement(CertificateRenderer.MODULE,
            CertificateRenderer.QUIET_ZONE, 50, 120, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());

    @Test
    void printsAnotherMaskWhenTheBestOneDoesNotReadBackAsPrinted() {
        Random random = new Random(1);
        String text;
        QRCode best;
        do {
            text = link(random, 350 + random.nextInt(900), "R");
            best = PrintedQrCodes.encode(text);
        }
        while (PrintedQrCodes.readsBack(best.getMatrix(), text, AT));

        ByteMatrix printed = PrintedQrCodes.readable(best, text, AT);

        assertThat(printed).as("another mask").isNotEqualTo(best.getMatrix());
        assertThat(PrintedQrCodes.readsBack(printed, text, AT)).isTrue();
    }

    /**
     * Forty PDFs with links of 350 to 1,250 characters (versions 14 to 30), each scanned from the page drawn at
     * 150 dpi by PDFBox, sharp and blurred: before the read-back, about one in twenty did not read.
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
