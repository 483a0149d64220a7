package org.tijori.locker;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Small PNG previews of uploaded PDFs (their first page) and images. Content from residents is not
 * trusted: images larger than {@link #MAX_PIXELS} are not decoded (a small file can claim a huge
 * picture), and anything that fails to draw simply has no preview.
 */
final class Thumbnails {

    static final int WIDTH = 240;

    static final long MAX_PIXELS = 40_000_000L;

    private Thumbnails() {
    }

    static Optional<byte[]> draw(InputStream content, String mediaType) {
        return draw(content, mediaType, WIDTH);
    }

    /** A PNG at most {@code width} pixels wide, or empty when the content cannot be drawn. */
    static Optional<byte[]> draw(InputStream content, String mediaType, int width) {
        try {
            BufferedImage image = "application/pdf".equals(mediaType) ? firstPage(content, width)
                    : picture(content, width);
            return image == null ? Optional.empty() : Optional.of(png(scaled(image, width)));
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static BufferedImage firstPage(InputStream content, int wanted) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(new RandomAccessReadBuffer(content))) {
            if (pdf.getNumberOfPages() == 0) {
                return null;
            }
            float width = pdf.getPage(0).getMediaBox().getWidth();
            float scale = width <= 0 ? 0.5f : Math.min(2f, wanted / width);
            return new PDFRenderer(pdf).renderImage(0, scale, ImageType.RGB);
        }
    }

    private static BufferedImage picture(InputStream content, int wanted) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(content)) {
            if (input == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    return null;
                }
                var parameters = reader.getDefaultReadParam();
                int step = (int) Math.max(1, reader.getWidth(0) / (2L * wanted));
                parameters.setSourceSubsampling(step, step, 0, 0);
                return reader.read(0, parameters);
            }
            finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage scaled(BufferedImage image, int wanted) {
        int width = Math.min(wanted, image.getWidth());
        int height = Math.max(1, (int) Math.round((double) image.getHeight() * width / image.getWidth()));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setColor(java.awt.Color.WHITE);
            graphics.fillRect(0, 0, width, height);
            graphics.drawImage(image, 0, 0, width, height, null);
        }
        finally {
            graphics.dispose();
        }
        return scaled;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
