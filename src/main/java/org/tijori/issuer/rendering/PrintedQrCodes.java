package org.tijori.issuer.rendering;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Arrays;
import java.util.Map;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

/**
 * QR codes that read as printed. ZXing's encoder picks the mask that the standard's penalty rates best, yet its
 * own detector (the one most open-source scanners use) misses about one code in twenty of the sizes a proof needs
 * (versions 18 to 30) when they are drawn at the scale of a 150 dpi scan, where the same code with another mask
 * reads. So before a code is printed it is drawn as the page will be (150 dpi, at its place on the page, with the
 * anti-aliasing of a PDF viewer, framed by 10 mm as a camera frames it) and read back, sharp and after a 3x3 blur
 * that stands in for a soft print; the first of the eight masks that reads both ways is printed. A code none of
 * whose masks reads is printed with the best-rated one, as any encoder would.
 */
final class PrintedQrCodes {

    /** The scan the code must survive: a page at 150 dpi, as a phone's photo of an A4 print roughly is. */
    static final float DPI = 150;

    /** How much of the page around the code the scan takes in, in points: 10 mm. */
    static final float FRAME = 10 / 25.4f * 72;

    private PrintedQrCodes() {
    }

    /**
     * Where the code goes: its modules' size and quiet zone in points, and the square (quiet zone included) on a
     * page of the given height, in PDF coordinates (origin at the bottom left).
     */
    record Placement(float module, int quietZone, float left, float bottom, float pageWidth, float pageHeight) {
    }

    /** The code of {@code text} at level M with the mask its encoder rates best: its size is every mask's. */
    static QRCode encode(String text) {
        try {
            return Encoder.encode(text, ErrorCorrectionLevel.M);
        }
        catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
    }

    /** The modules to print for {@code best}'s text at {@code placement}: the first mask that reads back. */
    static ByteMatrix readable(QRCode best, String text, Placement placement) {
        if (readsBack(best.getMatrix(), text, placement)) {
            return best.getMatrix();
        }
        for (int mask = 0; mask < QRCode.NUM_MASK_PATTERNS; mask++) {
            if (mask != best.getMaskPattern()) {
                try {
                    ByteMatrix other = Encoder.encode(text, ErrorCorrectionLevel.M,
                            Map.of(EncodeHintType.QR_MASK_PATTERN, mask)).getMatrix();
                    if (readsBack(other, text, placement)) {
                        return other;
                    }
                }
                catch (WriterException e) {
                    throw new IllegalArgumentException("cannot encode a QR code with mask " + mask, e);
                }
            }
        }
        return best.getMatrix();
    }

    /** Whether the code, drawn at its place at 150 dpi and framed, reads sharp and blurred. */
    static boolean readsBack(ByteMatrix matrix, String text, Placement placement) {
        BufferedImage scan = drawn(matrix, placement);
        return reads(scan, text) && reads(blurred(scan), text);
    }

    /**
     * The frame of the page around the code as a PDF viewer draws it at 150 dpi: the same pixel grid (the page's
     * top left at pixel 0), the squares filled as one anti-aliased path.
     */
    private static BufferedImage drawn(ByteMatrix matrix, Placement at) {
        float scale = DPI / 72;
        float side = (matrix.getWidth() + 2 * at.quietZone()) * at.module();
        int pageWidth = (int) Math.floor(at.pageWidth() * scale);
        int pageHeight = (int) Math.floor(at.pageHeight() * scale);
        int left = Math.max(0, (int) ((at.left() - FRAME) * scale));
        int top = Math.max(0, (int) ((at.pageHeight() - at.bottom() - side - FRAME) * scale));
        int right = Math.min(pageWidth, (int) Math.ceil((at.left() + side + FRAME) * scale));
        int bottom = Math.min(pageHeight, (int) Math.ceil((at.pageHeight() - at.bottom() + FRAME) * scale));
        BufferedImage image = new BufferedImage(right - left, bottom - top, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.translate(-left, -top);
            graphics.scale(scale, scale);
            graphics.translate(0, at.pageHeight());
            graphics.scale(1, -1);
            Path2D.Float squares = new Path2D.Float();
            float originX = at.left() + at.quietZone() * at.module();
            float originTop = at.bottom() + side - at.quietZone() * at.module();
            for (int row = 0; row < matrix.getHeight(); row++) {
                for (int column = 0; column < matrix.getWidth(); column++) {
                    if (matrix.get(column, row) == 1) {
                        squares.append(new Rectangle2D.Float(originX + column * at.module(),
                                originTop - (row + 1) * at.module(), at.module(), at.module()), false);
                    }
                }
            }
            graphics.setColor(Color.BLACK);
            graphics.fill(squares);
        }
        finally {
            graphics.dispose();
        }
        return image;
    }

    private static BufferedImage blurred(BufferedImage image) {
        float[] box = new float[9];
        Arrays.fill(box, 1f / 9);
        BufferedImage blurred = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        return new ConvolveOp(new Kernel(3, 3, box), ConvolveOp.EDGE_NO_OP, null).filter(image, blurred);
    }

    private static boolean reads(BufferedImage image, String text) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        try {
            return text.equals(new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(width, height, pixels)))).getText());
        }
        catch (ReaderException e) {
            return false;
        }
    }
}
