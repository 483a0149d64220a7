package org.tijori.issuer;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG photos for tests, honest and hostile, made by the JDK's encoder and patched by marker. */
public final class TestPhotos {

    private TestPhotos() {
    }

    /** A passport-like photo: a face-coloured oval on a plain background. */
    public static byte[] portrait(int width, int height, boolean progressive) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(0xE8EEF4));
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(new Color(0xC68642));
        graphics.fillOval(width / 4, height / 6, width / 2, height / 2);
        graphics.setColor(new Color(0x2F4F6F));
        graphics.fillRect(width / 6, height * 2 / 3, width * 2 / 3, height / 3);
        graphics.dispose();
        return encode(image, 0.85f, progressive);
    }

    /** Random noise at the best quality: a JPEG far larger than its pixels suggest. */
    public static byte[] noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return encode(image, 1.0f, false);
    }

    /**
     * The same JPEG with its frame header claiming other dimensions: a few kilobytes that a decoder would take
     * for {@code width} by {@code height} pixels (a "pixel flood").
     */
    public static byte[] claiming(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        int frame = segment(patched, 0xC0, 0xC2);
        patched[frame + 5] = (byte) (height >> 8);
        patched[frame + 6] = (byte) height;
        patched[frame + 7] = (byte) (width >> 8);
        patched[frame + 8] = (byte) width;
        return patched;
    }

    /** The same JPEG with its frame marker changed, as an arithmetic-coded or lossless file would have it. */
    public static byte[] withFrameMarker(byte[] jpeg, int marker) {
        byte[] patched = jpeg.clone();
        patched[segment(patched, 0xC0, 0xC2) + 1] = (byte) marker;
        return patched;
    }

    /** Where the first segment with one of the markers starts (its 0xFF), walking the segments from the start. */
    public static int segment(byte[] jpeg, int... markers) {
        int at = 2;
        while (at + 4 <= jpeg.length) {
            int marker = jpeg[at + 1] & 0xFF;
            for (int wanted : markers) {
                if (marker == wanted) {
                    return at;
                }
            }
            if (marker == 0xDA) {
                break;
            }
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        throw new IllegalArgumentException("no such segment before the first scan");
    }

    private static byte[] encode(BufferedImage image, float quality, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam parameters = writer.getDefaultWriteParam();
            parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            parameters.setCompressionQuality(quality);
            if (progressive) {
                parameters.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), parameters);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
