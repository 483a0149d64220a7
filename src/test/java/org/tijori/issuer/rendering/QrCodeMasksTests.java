package org.tijori.issuer.rendering;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import com.google.zxing.EncodeHintType;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eight masks derived from one encoding are the codes ZXing's encoder builds for each mask, and the best-rated
 * is the one ZXing's encoder picks, for codes of every version a link can need (1 to 30).
 */
class QrCodeMasksTests {

    /**
     * Against ZXing's own encoder: each mask's code as it builds it, and the order of its penalty (reached by
     * reflection: {@code Encoder.calculateMaskPenalty} is package-private), lower mask numbers first on a tie.
     */
    @Test
    void derivesEachMaskAsZxingEncodesItInTheOrderOfZxingsPenalty() throws Exception {
        Method zxingPenalty = Encoder.class.getDeclaredMethod("calculateMaskPenalty", ByteMatrix.class);
        zxingPenalty.setAccessible(true);
        Random random = new Random(3);
        for (int i = 0; i < 80; i++) {
            String text = text(random, 5 + random.nextInt(1_350));
            byte[][][] zxing = new byte[8][][];
            int[] penalties = new int[8];
            for (int mask = 0; mask < 8; mask++) {
                ByteMatrix code = Encoder.encode(text, ErrorCorrectionLevel.M,
                        Map.of(EncodeHintType.QR_MASK_PATTERN, mask)).getMatrix();
                zxing[mask] = code.getArray();
                penalties[mask] = (int) zxingPenalty.invoke(null, code);
            }

            List<ByteMatrix> masks = QrCodeMasks.byPenalty(text);

            assertThat(masks).hasSize(8);
            assertThat(masks.get(0).getArray()).as("best-rated mask of a text of %d", text.length())
                    .isDeepEqualTo(Encoder.encode(text, ErrorCorrectionLevel.M).getMatrix().getArray());
            long previous = -1;
            for (int rank = 0; rank < 8; rank++) {
                byte[][] code = masks.get(rank).getArray();
                int mask = IntStream.range(0, 8).filter(m -> Arrays.deepEquals(zxing[m], code)).findFirst()
                        .orElseThrow(() -> new AssertionError("not a code ZXing builds for any mask"));
                long order = (long) penalties[mask] * 8 + mask;
                assertThat(order).as("rank %d of a text of %d", rank, text.length()).isGreaterThan(previous);
                previous = order;
            }
        }
    }

    private static String text(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:/?=";
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
