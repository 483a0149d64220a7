package org.tijori.issuer.rendering;

import java.util.Arrays;
import java.util.List;

import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.DetectorResult;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.decoder.Decoder;
import com.google.zxing.qrcode.detector.Detector;
import com.google.zxing.qrcode.encoder.ByteMatrix;

/**
 * QR codes that read as printed. ZXing's encoder picks the mask that the standard's penalty rates best, yet its
 * own detector (the one most open-source scanners use) misses about one code in twenty of the sizes a proof needs
 * (versions 14 to 30) on a 150 dpi scan, even one drawn exactly on the scan's pixels: a finder-like pattern in the
 * data draws its search away from a real finder, and another mask of the same text reads. So before a code is
 * printed it is read back as the page's scan will show it, sharp and after a 3x3 box blur that stands in for a soft
 * print; the best-rated mask that reads both ways is printed, or the best-rated one when none does, as any encoder
 * would.
 *
 * <p>The renderer puts every module on whole pixels of that scan ({@value #MODULE_PIXELS} pixels a module at
 * {@value #DPI} dpi), so the scan is known without drawing the page: white, the modules' pixels black, and
 * {@value #FRAME_PIXELS} pixels (10 mm) around the quiet zone, as the scan frames the code. The sharp scan is then
 * its own binarization (every threshold ZXing's binarizer can choose parts black from white), the blurred one is the
 * grey of the 3x3 box around each pixel. A decode reads the sampled modules only: when the blurred scan samples the
 * same modules as the sharp one, the sharp one's decode answers for both.
 */
final class PrintedQrCodes {

    /** The scan the code must survive: a page at 150 dpi, as a phone's photo of an A4 print roughly is. */
    static final int DPI = 150;

    /** Pixels of that scan a module covers: 1.92 pt, 8 dots at 300 dpi, 16 at 600. */
    static final int MODULE_PIXELS = 4;

    /** The blank border around a QR code, in modules, as the standard asks. */
    static final int QUIET_ZONE = 4;

    /** The page around the quiet zone that the scan takes in: 10 mm, 59.06 pixels, whole pixels outward. */
    static final int FRAME_PIXELS = 60;

    private PrintedQrCodes() {
    }

    /** The modules to print for {@code text}: the best-rated of its eight masks that reads back. */
    static ByteMatrix readable(String text) {
        List<ByteMatrix> masks = QrCodeMasks.byPenalty(text);
        for (ByteMatrix code : masks) {
            if (readsBack(code, text)) {
                return code;
            }
        }
        return masks.get(0);
    }

    /** Whether the code, scanned at 150 dpi and framed, reads {@code text} sharp and blurred. */
    static boolean readsBack(ByteMatrix code, String text) {
        DetectorResult sharp;
        DetectorResult blurred;
        try {
            BitMatrix scan = scan(code);
            sharp = new Detector(scan).detect(null);
            int side = scan.getWidth();
            blurred = new Detector(new HybridBinarizer(new PlanarYUVLuminanceSource(blurred(code, side), side, side,
                    0, 0, side, side, false)).getBlackMatrix()).detect(null);
        }
        catch (ReaderException e) {
            return false;
        }
        // The decoder unmasks the modules it is given in place: compare them before decoding.
        boolean sameModules = sharp.getBits().equals(blurred.getBits());
        return reads(sharp.getBits(), text) && (sameModules || reads(blurred.getBits(), text));
    }

    /** The framed scan, black where a dark module is. */
    static BitMatrix scan(ByteMatrix code) {
        int size = code.getWidth();
        int origin = FRAME_PIXELS + QUIET_ZONE * MODULE_PIXELS;
        BitMatrix scan = new BitMatrix(origin * 2 + size * MODULE_PIXELS);
        for (int y = 0; y < size; y++) {
            byte[] row = code.getArray()[y];
            for (int x = 0; x < size; x++) {
                if (row[x] == 1) {
                    int start = x;
                    while (x + 1 < size && row[x + 1] == 1) {
                        x++;
                    }
                    scan.setRegion(origin + start * MODULE_PIXELS, origin + y * MODULE_PIXELS,
                            (x - start + 1) * MODULE_PIXELS, MODULE_PIXELS);
                }
            }
        }
        return scan;
    }

    /**
     * The framed scan's grey after a 3x3 box blur, as {@code ConvolveOp} blurs a white and black image: each pixel
     * {@code 255 * (white pixels of its 3x3 box) / 9}, rounded down. A module covers whole pixels, so the box of a
     * pixel inside a module holds that module only and the box of a pixel on its edge that module and its neighbour:
     * the counts are made a module row at a time, over the code and the light module around it.
     */
    static byte[] blurred(ByteMatrix code, int side) {
        int size = code.getWidth();
        int span = size + 2;
        int pixels = span * MODULE_PIXELS;
        // Dark pixels among each pixel and its left and right neighbours, for each row of modules (the light ones
        // above and below the code included).
        int[][] across = new int[span][pixels];
        for (int y = 0; y < size; y++) {
            byte[] row = code.getArray()[y];
            int[] counts = across[y + 1];
            for (int x = -1; x <= size; x++) {
                int own = module(row, x);
                int pixel = (x + 1) * MODULE_PIXELS;
                counts[pixel] = 2 * own + module(row, x - 1);
                for (int inside = 1; inside < MODULE_PIXELS - 1; inside++) {
                    counts[pixel + inside] = 3 * own;
                }
                counts[pixel + MODULE_PIXELS - 1] = 2 * own + module(row, x + 1);
            }
        }
        byte[] grey = new byte[side * side];
        Arrays.fill(grey, (byte) 255);
        int origin = FRAME_PIXELS + (QUIET_ZONE - 1) * MODULE_PIXELS;
        int[] light = new int[pixels];
        for (int y = 0; y < span; y++) {
            int[] own = across[y];
            int[] above = y > 0 ? across[y - 1] : light;
            int[] below = y + 1 < span ? across[y + 1] : light;
            for (int inside = 0; inside < MODULE_PIXELS; inside++) {
                int[] neighbour = inside == 0 ? above : inside == MODULE_PIXELS - 1 ? below : own;
                int at = (origin + y * MODULE_PIXELS + inside) * side + origin;
                for (int x = 0; x < pixels; x++) {
                    grey[at + x] = (byte) ((9 - 2 * own[x] - neighbour[x]) * 255 / 9);
                }
            }
        }
        return grey;
    }

    /** The module at {@code x} of a row, light outside the code. */
    private static int module(byte[] row, int x) {
        return x >= 0 && x < row.length ? row[x] : 0;
    }

    private static boolean reads(BitMatrix modules, String text) {
        try {
            return text.equals(new Decoder().decode(modules).getText());
        }
        catch (ReaderException e) {
            return false;
        }
    }
}
