package org.tijori.sharing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.BreakIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import org.tijori.PdfText;
import org.tijori.PdfText.Weight;
import org.tijori.sharing.UnstampablePdfException.Reason;

/**
 * Writes a copy of a PDF with one line of provenance ("Shared by ... with ... until ...") printed small in
 * the bottom margin of every page, so that a forwarded copy says where it came from.
 * <p>
 * The line goes into a new content stream appended to each page, drawn in the page's displayed orientation
 * (its {@code /Rotate}) along the bottom edge of its crop box, on a white translucent band; the page's own
 * content is left as it was. The text is set by {@link PdfText}: Noto Sans, and Devanagari in Noto Sans
 * Devanagari, both embedded as subsets, Devanagari shaped (conjuncts, reph, matras). The line
 * is also the marked content's {@code /ActualText}, so that a copy-and-paste or a text extraction gives the
 * line exactly as written, whatever the shaping did to the glyph order. A line too long for the page is cut
 * with an ellipsis; a character neither font has is printed as {@code ?}.
 * <p>
 * A PDF that carries a digital signature is written as an incremental update: the signed revision stays
 * byte for byte in the copy, so its signature still validates for that revision (and says the document
 * changed after signing, which it did). Other PDFs are written whole.
 * <p>
 * The PDF comes from a stranger as far as this code knows, so everything is bounded: its size while it is
 * copied to a temporary file, its page count, PDFBox's scratch memory (a temporary file only, up to
 * {@code maxScratch}), and the time, checked after loading, after each page and before saving (PDFBox
 * cannot be stopped inside a load or a save). A PDF that needs a password to open is refused; a PDF that
 * opens without one but carries owner restrictions (no printing, no copying) is stamped and keeps its
 * encryption and restrictions: the stamp is provenance, not an edit of the content, and taking the
 * restrictions away would hand the recipient more than the issuer allowed. Temporary files are deleted
 * whatever happens; nothing reaches {@code out} unless the whole copy was made.
 */
@Component
class StampedCopies {

    /** Font size of the line, in points. */
    private static final float FONT_SIZE = 7.5f;

    /** Height of the white band the line is printed on, from the page's bottom edge, in points. */
    private static final float BAND_HEIGHT = FONT_SIZE * 2.2f;

    /** Distance of the line's baseline from the page's bottom edge, in points. */
    private static final float BASELINE = FONT_SIZE * 0.85f;

    /** Distance of the line from the page's left and right edges, in points. */
    private static final float SIDE = 8f;

    /** A PDF's header may come anywhere in its first kilobyte (ISO 32000-1, annex H). */
    private static final int HEADER_WINDOW = 1024;

    private static final String ELLIPSIS = "\u2026";

    private static final char VIRAMA = '\u094D';

    /** Longer lines are cut to this many characters before they are fitted to a page. */
    private static final int MAX_LINE = 1_000;

    private static final SecureRandom OWNER_PASSWORDS = new SecureRandom();

    private final Limits limits;

    /**
     * Limits on stamping one PDF.
     *
     * @param maxInputSize the largest PDF stamped; a larger one is refused as it is read, before PDFBox sees it
     * @param maxPages the most pages a stamped PDF may have
     * @param timeout how long stamping one PDF may take, reading and writing included
     * @param maxScratch how much temporary-file space PDFBox may use for one PDF's working streams
     * @param scratchDirectory where the temporary files go (the PDF, its stamped copy, PDFBox's scratch file)
     */
    record Limits(DataSize maxInputSize, int maxPages, Duration timeout, DataSize maxScratch, Path scratchDirectory) {

        Limits {
            Objects.requireNonNull(maxInputSize, "maxInputSize");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(maxScratch, "maxScratch");
            Objects.requireNonNull(scratchDirectory, "scratchDirectory");
            if (maxPages < 1) {
                throw new IllegalArgumentException("maxPages must be at least 1");
            }
        }

        /** 64 MB, 2,000 pages, 30 seconds, 256 MB of scratch space in {@code java.io.tmpdir}. */
        static Limits defaults() {
            return new Limits(DataSize.ofMegabytes(64), 2_000, Duration.ofSeconds(30), DataSize.ofMegabytes(256),
                    Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    /** Uses the {@link Limits} bean when the application defines one, else {@link Limits#defaults()}. */
    @Autowired
    StampedCopies(ObjectProvider<Limits> limits) {
        this(limits.getIfAvailable(Limits::defaults));
    }

    StampedCopies(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Writes to {@code out} a copy of {@code pdf} with {@code line} printed in the bottom margin of every page.
     * Neither stream is closed.
     *
     * @throws UnstampablePdfException when the PDF is too large, not a PDF or damaged, needs a password, has too
     *                                 many pages, or takes too long; nothing was written to {@code out} then
     * @throws UncheckedIOException when {@code pdf} cannot be read, {@code out} cannot be written, or the
     *                              scratch directory fails
     */
    void stamp(InputStream pdf, OutputStream out, String line) {
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(line, "line");
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        Path original = null;
        Path stamped = null;
        try {
            original = Files.createTempFile(limits.scratchDirectory(), "tijori-stamp-", ".pdf");
            copyBounded(pdf, original);
            stamped = Files.createTempFile(limits.scratchDirectory(), "tijori-stamped-", ".pdf");
            stampFile(original, stamped, line, deadline);
            Files.copy(stamped, out);
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not stamp a PDF", e);
        }
        finally {
            delete(original);
            delete(stamped);
        }
    }

    private void copyBounded(InputStream pdf, Path file) throws IOException {
        long max = limits.maxInputSize().toBytes();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        byte[] head = new byte[HEADER_WINDOW];
        int headLength = 0;
        try (OutputStream copy = Files.newOutputStream(file)) {
            int read;
            while ((read = pdf.read(buffer)) != -1) {
                total += read;
                if (total > max) {
                    throw new UnstampablePdfException(Reason.TOO_LARGE, "The file is larger than "
                            + max + " bytes, the most a stamped copy is made of");
                }
                if (headLength < HEADER_WINDOW) {
                    int take = Math.min(read, HEADER_WINDOW - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                copy.write(buffer, 0, read);
            }
        }
        if (!new String(head, 0, headLength, StandardCharsets.ISO_8859_1).contains("%PDF-")) {
            throw new UnstampablePdfException(Reason.NOT_A_PDF,
                    "The file is not a PDF: it has no %PDF- header in its first kilobyte");
        }
    }

    private void stampFile(Path original, Path stamped, String line, long deadline) throws IOException {
        var scratch = MemoryUsageSetting.setupTempFileOnly(limits.maxScratch().toBytes())
                .setTempDir(limits.scratchDirectory().toFile()).streamCache;
        PDDocument document;
        var source = new RandomAccessReadBufferedFile(original.toFile());
        try {
            document = Loader.loadPDF(source, scratch);
        }
        catch (InvalidPasswordException e) {
            source.close();
            throw new UnstampablePdfException(Reason.ENCRYPTED,
                    "The PDF is protected by a password, so it cannot be opened to be stamped", e);
        }
        catch (IOException | RuntimeException | StackOverflowError e) {
            source.close();
            throw new UnstampablePdfException(Reason.NOT_A_PDF,
                    "The file is not a PDF that can be read: " + e.getMessage(), e);
        }
        try (document) {
            stampDocument(document, stamped, line, deadline);
        }
        catch (UnstampablePdfException e) {
            throw e;
        }
        catch (IOException | RuntimeException | StackOverflowError e) {
            throw new UnstampablePdfException(Reason.NOT_A_PDF,
                    "The PDF is damaged and cannot be stamped: " + e, e);
        }
    }

    private void stampDocument(PDDocument document, Path stamped, String line, long deadline) throws IOException {
        checkTime(deadline);
        int claimed = document.getNumberOfPages();
        if (claimed > limits.maxPages()) {
            throw tooManyPages();
        }
        if (claimed < 1) {
            throw new UnstampablePdfException(Reason.NOT_A_PDF, "The PDF has no pages to stamp");
        }
        boolean signed = !document.getSignatureDictionaries().isEmpty();
        Stamp stamp = new Stamp(document, line);
        int pages = 0;
        for (PDPage page : document.getPages()) {
            if (++pages > limits.maxPages()) {
                throw tooManyPages();
            }
            stamp.onto(page);
            checkTime(deadline);
        }
        if (document.isEncrypted() && !signed) {
            keepRestrictions(document);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(stamped))) {
            if (signed) {
                document.saveIncremental(out);
            }
            else {
                document.save(out, CompressParameters.NO_COMPRESSION);
            }
        }
        checkTime(deadline);
    }

    /**
     * Encrypts the copy again with the restrictions the original was opened with (a PDF that opens without
     * a password is opened with its user's permissions). Nobody knows the original's owner password, so the
     * copy gets a random one that nobody learns: the restrictions can then be lifted by no one, which leaves
     * the recipient exactly where the original left them.
     */
    private static void keepRestrictions(PDDocument document) throws IOException {
        AccessPermission granted = document.getCurrentAccessPermission();
        AccessPermission kept = new AccessPermission(granted.getPermissionBytes());
        byte[] owner = new byte[24];
        OWNER_PASSWORDS.nextBytes(owner);
        var policy = new StandardProtectionPolicy(HexFormat.of().formatHex(owner), "", kept);
        policy.setEncryptionKeyLength(256);
        document.protect(policy);
    }

    private UnstampablePdfException tooManyPages() {
        return new UnstampablePdfException(Reason.TOO_MANY_PAGES,
                "The PDF has more than " + limits.maxPages() + " pages, the most a stamped copy may have");
    }

    private void checkTime(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw new UnstampablePdfException(Reason.TOO_SLOW,
                    "Stamping the PDF took longer than " + limits.timeout() + ", so it was abandoned");
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    /** The line laid out for one document: its fonts loaded once, its pieces measured per page width. */
    private final class Stamp {

        private final PDDocument document;

        private final String line;

        private final PdfText text;

        private final PDExtendedGraphicsState translucent = new PDExtendedGraphicsState();

        private final Map<Float, String> fittedByRoom = new HashMap<>();

        Stamp(PDDocument document, String line) throws IOException {
            this.document = document;
            this.text = PdfText.in(document);
            // What is printed, question marks included, is also what the ActualText says.
            this.line = printable(line);
            this.translucent.setNonStrokingAlphaConstant(0.85f);
        }

        void onto(PDPage page) throws IOException {
            PDRectangle crop = page.getCropBox();
            int rotation = Math.floorMod(page.getRotation(), 360);
            if (rotation % 90 != 0) {
                rotation = 0;
            }
            boolean sideways = rotation == 90 || rotation == 270;
            float width = sideways ? crop.getHeight() : crop.getWidth();
            // From the page as displayed (origin at its bottom left) to the page's own space.
            Matrix displayed = switch (rotation) {
                case 90 -> new Matrix(0, 1, -1, 0, crop.getUpperRightX(), crop.getLowerLeftY());
                case 180 -> new Matrix(-1, 0, 0, -1, crop.getUpperRightX(), crop.getUpperRightY());
                case 270 -> new Matrix(0, -1, 1, 0, crop.getLowerLeftX(), crop.getUpperRightY());
                default -> new Matrix(1, 0, 0, 1, crop.getLowerLeftX(), crop.getLowerLeftY());
            };
            String shown = fitted(width - 2 * SIDE);
            try (var content = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND,
                    true, true)) {
                content.transform(displayed);
                content.saveGraphicsState();
                content.setGraphicsStateParameters(translucent);
                content.setNonStrokingColor(1f);
                content.addRect(0, 0, width, Math.min(BAND_HEIGHT, sideways ? crop.getWidth() : crop.getHeight()));
                content.fill();
                content.restoreGraphicsState();
                if (shown.isEmpty()) {
                    return;
                }
                // An inline property list: poppler (pdftotext, Evince) reads /ActualText only there.
                content.appendRawCommands("/Span <</ActualText " + PdfText.actualText(shown) + ">> BDC\n");
                content.beginText();
                content.setNonStrokingColor(0.35f);
                content.newLineAtOffset(SIDE, BASELINE);
                text.show(content, shown, Weight.REGULAR, FONT_SIZE);
                content.endText();
                content.endMarkedContent();
            }
        }

        /** The line, or as much of it as fits in {@code room} points followed by an ellipsis. */
        private String fitted(float room) throws IOException {
            String fitted = fittedByRoom.get(room);
            if (fitted == null) {
                fitted = fit(room);
                fittedByRoom.put(room, fitted);
            }
            return fitted;
        }

        private String fit(float room) throws IOException {
            if (width(line) <= room) {
                return line;
            }
            // The longest cut at a character boundary that fits with the ellipsis: widths grow with the cut.
            BreakIterator characters = BreakIterator.getCharacterInstance();
            characters.setText(line);
            List<Integer> boundaries = new ArrayList<>();
            for (int end = characters.first(); end != BreakIterator.DONE; end = characters.next()) {
                boundaries.add(end);
            }
            String best = width(ELLIPSIS) <= room ? ELLIPSIS : "";
            int low = 0;
            int high = boundaries.size() - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                String cut = line.substring(0, boundaries.get(middle)).stripTrailing();
                while (!cut.isEmpty() && cut.charAt(cut.length() - 1) == VIRAMA) {
                    cut = cut.substring(0, cut.length() - 1);
                }
                if (width(cut + ELLIPSIS) <= room) {
                    best = cut + ELLIPSIS;
                    low = middle + 1;
                }
                else {
                    high = middle - 1;
                }
            }
            return best;
        }

        private float width(String shown) {
            return text.width(shown, Weight.REGULAR, FONT_SIZE);
        }
    }

    /** The line on one line as the fonts print it ({@link PdfText#printable}), at most {@value #MAX_LINE} characters. */
    private static String printable(String line) {
        String strip = PdfText.printable(line).strip();
        if (strip.codePointCount(0, strip.length()) > MAX_LINE) {
            return strip.substring(0, strip.offsetByCodePoints(0, MAX_LINE)) + ELLIPSIS;
        }
        return strip;
    }
}
