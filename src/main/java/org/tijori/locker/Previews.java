package org.tijori.locker;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Draws PNG thumbnails and previews of PDFs (their first page) and pictures that residents and issuers
 * sent, none of which is trusted: the one place where the locker turns a document into pixels.
 * <p>
 * Every drawing is bounded. Its size comes from what the file claims, checked before anything is
 * drawn ({@link PreviewSize}); a PDF keeps at most {@code max-memory} of its working streams in memory;
 * images inside a PDF and pictures claiming more than {@code max-image-pixels} are refused, and
 * pictures are decoded subsampled. Drawings run on {@code at-once} threads of their own, each holding a
 * place until it really ends; a request waits {@code max-wait} for a place, then is told to come back.
 * A drawing past its {@code timeout} is abandoned: the request stops waiting, and PDFBox is stopped at its
 * next content-stream operator, ImageIO at its next row. Whatever a hostile file throws, errors such
 * as {@link OutOfMemoryError} and {@link StackOverflowError} included, ends as {@link Refused}, logged
 * once in a line.
 */
@Component
class Previews {

    private static final Logger log = LoggerFactory.getLogger(Previews.class);

    /** PDFBox may spill a PDF's working streams to a temporary file up to this many times max-memory. */
    private static final int SCRATCH_PER_MEMORY = 16;

    private final LockerProperties.Preview limits;

    private final Semaphore places;

    private final ThreadPoolExecutor drawers;

    private final MeterRegistry meters;

    Previews(LockerProperties properties, MeterRegistry meters) {
        this.limits = properties.preview();
        this.meters = meters;
        int atOnce = limits.effectiveAtOnce();
        this.places = new Semaphore(atOnce, true);
        AtomicInteger threads = new AtomicInteger();
        // The queue never holds more than at-once drawings: each one is submitted only with a place.
        this.drawers = new ThreadPoolExecutor(atOnce, atOnce, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "preview-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Gauge.builder("tijori.locker.previews.drawing", places, free -> atOnce - free.availablePermits())
                .description("Thumbnails and previews being drawn now, abandoned ones included")
                .register(meters);
    }

    @PreDestroy
    void stop() {
        drawers.shutdownNow();
    }

    /** What came of a drawing. */
    sealed interface Drawing permits Drawn, Refused, Busy {
    }

    /** A PNG of the document. */
    record Drawn(byte[] png) implements Drawing {
    }

    /** The document cannot be drawn and never will be: worth remembering, so as not to try again. */
    record Refused(String reason) implements Drawing {
    }

    /** Every drawer was busy for longer than a request waits: try again later. */
    record Busy() implements Drawing {
    }

    /**
     * Draws {@code content} at most {@code width} pixels wide.
     *
     * @param mediaType {@code application/pdf}, or a picture type ImageIO reads
     * @param what how the log names the document, when it cannot be drawn
     */
    Drawing draw(InputStream content, String mediaType, int width, String what) {
        boolean placed;
        try {
            placed = places.tryAcquire(limits.maxWait().toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            placed = false;
        }
        if (!placed) {
            return counted(new Busy());
        }
        Duration timeout = limits.timeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<Drawing> drawing;
        try {
            drawing = drawers.submit(() -> {
                try {
                    return drawNow(content, mediaType, width, deadline);
                }
                finally {
                    places.release();
                }
            });
        }
        catch (RejectedExecutionException e) {
            places.release();
            return counted(new Busy());
        }
        try {
            Drawing drawn = drawing.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (drawn instanceof Refused refused) {
                log.warn("No preview of {}: {}", what, refused.reason());
            }
            return counted(drawn);
        }
        catch (TimeoutException e) {
            // The drawer sees the interrupt or the deadline at its next step and gives its place back then.
            drawing.cancel(true);
            log.warn("No preview of {}: drawing it took longer than {}", what, timeout);
            return counted(new Refused("drawing it took longer than " + timeout));
        }
        catch (ExecutionException e) {
            log.warn("No preview of {}: {}", what, e.getCause().toString());
            return counted(new Refused(e.getCause().toString()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drawing.cancel(true);
            return counted(new Busy());
        }
    }

    private Drawing drawNow(InputStream content, String mediaType, int width, long deadline) {
        try {
            Optional<BufferedImage> image = "application/pdf".equals(mediaType)
                    ? firstPage(content, width, deadline)
                    : picture(content, width, deadline);
            if (image.isEmpty()) {
                return new Refused("nothing to draw");
            }
            return new Drawn(png(image.get()));
        }
        catch (Stop stop) {
            return new Refused(stop.getMessage());
        }
        catch (Throwable e) {
            // A hostile file may exhaust the heap or the stack of this thread alone; both are gone with the
            // drawing, and the answer is "no preview", never the server's error.
            return new Refused(e.toString());
        }
    }

    private Optional<BufferedImage> firstPage(InputStream content, int wanted, long deadline) throws IOException {
        long memory = limits.maxMemory().toBytes();
        MemoryUsageSetting scratch = MemoryUsageSetting.setupMixed(memory, memory * SCRATCH_PER_MEMORY);
        try (PDDocument pdf = Loader.loadPDF(new RandomAccessReadBuffer(content), scratch.streamCache)) {
            if (pdf.getNumberOfPages() == 0) {
                return Optional.empty();
            }
            PDPage page = pdf.getPage(0);
            PDRectangle box = page.getCropBox();
            PreviewSize size = PreviewSize.ofPage(box.getWidth(), box.getHeight(), page.getRotation(), wanted,
                    limits.maxPixels()).orElseThrow(() -> new Stop("its first page claims to be " + box.getWidth()
                            + " x " + box.getHeight() + " units"));
            GuardedRenderer renderer = new GuardedRenderer(pdf, deadline, limits.maxImagePixels());
            // Images larger than the page shows them are decoded subsampled, not whole.
            renderer.setSubsamplingAllowed(true);
            BufferedImage image = renderer.renderImage(0, size.scale(), ImageType.RGB);
            if ((long) image.getWidth() * image.getHeight() > limits.maxPixels()) {
                throw new IllegalStateException("PDFBox drew " + image.getWidth() + " x " + image.getHeight()
                        + " pixels for " + size);
            }
            return Optional.of(image);
        }
    }

    private Optional<BufferedImage> picture(InputStream content, int wanted, long deadline) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(content)) {
            if (input == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                // Only the header is read so far: a few bytes can claim any size.
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > limits.maxImagePixels()) {
                    throw new Stop("it claims to be " + width + " x " + height + " pixels");
                }
                PreviewSize size = PreviewSize.ofPicture(width, height, wanted, limits.maxPixels())
                        .orElseThrow(() -> new Stop("it claims to be " + width + " x " + height + " pixels"));
                ImageReadParam parameters = reader.getDefaultReadParam();
                parameters.setSourceSubsampling(size.subsampling(), size.subsampling(), 0, 0);
                Watch watch = new Watch(deadline);
                reader.addIIOReadProgressListener(watch);
                BufferedImage decoded = reader.read(0, parameters);
                if (watch.aborted) {
                    throw new Stop("drawing it took too long");
                }
                return Optional.of(scaled(decoded, size));
            }
            finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage scaled(BufferedImage image, PreviewSize size) {
        BufferedImage scaled = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, size.width(), size.height());
            graphics.drawImage(image, 0, 0, size.width(), size.height(), null);
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

    private <T extends Drawing> T counted(T drawing) {
        String outcome = drawing instanceof Drawn ? "drawn" : drawing instanceof Refused ? "refused" : "busy";
        Counter.builder("tijori.locker.previews").description("Thumbnails and previews drawn, refused or turned "
                + "away busy").tag("outcome", outcome).register(meters).increment();
        return drawing;
    }

    /** Ends a drawing from inside: the reason is the message. Unchecked, so that PDFBox does not swallow it. */
    private static final class Stop extends RuntimeException {

        Stop(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Aborts ImageIO's decoding at its next progress report once the deadline has passed. */
    private static final class Watch implements IIOReadProgressListener {

        private final long deadline;

        private volatile boolean aborted;

        Watch(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                aborted = true;
                source.abort();
            }
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
            aborted = true;
        }
    }

    /** A renderer whose page drawer stops at the deadline and refuses images that claim too many pixels. */
    private static final class GuardedRenderer extends PDFRenderer {

        private final long deadline;

        private final long maxImagePixels;

        GuardedRenderer(PDDocument document, long deadline, long maxImagePixels) {
            super(document);
            this.deadline = deadline;
            this.maxImagePixels = maxImagePixels;
        }

        @Override
        protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
            return new PageDrawer(parameters) {

                @Override
                protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
                    // Every operator of every content stream passes here, those of nested forms, patterns
                    // and Type 3 glyphs too: a page that multiplies its work through them stops all the same.
                    if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                        throw new Stop("drawing it took too long");
                    }
                    super.processOperator(operator, operands);
                }

                @Override
                public void drawImage(PDImage image) throws IOException {
                    if ((long) image.getWidth() * image.getHeight() > maxImagePixels) {
                        throw new Stop("it holds an image of " + image.getWidth() + " x " + image.getHeight()
                                + " pixels");
                    }
                    super.drawImage(image);
                }
            };
        }
    }
}
