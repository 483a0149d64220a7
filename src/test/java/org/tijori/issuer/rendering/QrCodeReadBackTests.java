package org.tijori.issuer.rendering;

import java.util.Random;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A QR code is printed only in a form that ZXing's reader finds and reads. */
class QrCodeReadBackTests {

    @Test
    void printsAnotherMaskWhenTheBestOneDoesNotReadBack() throws Exception {
        String text = misreadWithTheBestMask();
        assertThat(Encoder.encode(text, ErrorCorrectionLevel.M).getMaskPattern()).isEqualTo(4);
        assertThatThrownBy(() -> read(Encoder.encode(text, ErrorCorrectionLevel.M).getMatrix()))
                .isInstanceOf(FormatException.class);

        assertThat(read(CertificateRenderer.qr(text))).isEqualTo(text);
    }

    /** A link of 790 characters whose best-rated code ZXing's detector misreads (version 23, mask 4). */
    static String misreadWithTheBestMask() {
        Random random = new Random(1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        StringBuilder text = null;
        for (int length = 300; length <= 790; length += 7) {
            text = new StringBuilder("http://localhost:0/verify/in.gov.verify12-HSCER-OFF-1?p=");
            while (text.length() < length) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString();
    }

    static String read(ByteMatrix matrix) throws Exception {
        int scale = 3;
        BitMatrix bits = new BitMatrix((matrix.getWidth() + 8) * scale);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y) == 1) {
                    bits.setRegion((x + 4) * scale, (y + 4) * scale, scale, scale);
                }
            }
        }
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(
                MatrixToImageWriter.toBufferedImage(bits))))).getText();
    }
}
