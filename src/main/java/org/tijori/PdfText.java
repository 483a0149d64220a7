package org.tijori;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.Point2D;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.fontbox.ttf.HorizontalMetricsTable;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Text in the PDFs Tijori draws for people (rendered issued documents, stamped copies, visible signatures), in
 * Hindi as well as English: Latin and everything else in Noto Sans, Devanagari in Noto Sans Devanagari, both
 * embedded as subsets, with {@code ?} for a character neither has. Shared by every module that prints text
 * into a PDF, so it lives beside the application rather than in one of them.
 * <p>
 * Devanagari is shaped by the JDK's own text layout (HarfBuzz), not by PDFBox's GSUB support: PDFBox 3.0's
 * Devanagari worker leaves a reph before an i-matra unformed ({@code कार्तिक} printed with a visible virama) and
 * applies no mark positioning. The shaped glyphs and their positions are written as they are, with the font's
 * widths and {@code TJ} adjustments; since a conjunct's glyph maps back to no single character, a caller puts
 * the text in the marked content's {@code /ActualText} ({@link #actualText(String)}) so that copying, search
 * and screen readers get the words as written.
 * <p>
 * The font files are read and parsed once; each document loads the faces it uses into itself on first use.
 * A {@code PdfText} belongs to one document and is not shared between threads.
 */
public final class PdfText {

    /** How heavy the letters are. */
    public enum Weight {
        REGULAR, BOLD
    }

    /** One font file, read once: its bytes for PDFBox, its AWT face for shaping, its advance widths. */
    private enum Face {
        LATIN_REGULAR("NotoSans-Regular.ttf"), LATIN_BOLD("NotoSans-Bold.ttf"),
        DEVANAGARI_REGULAR("NotoSansDevanagari-Regular.ttf"), DEVANAGARI_BOLD("NotoSansDevanagari-Bold.ttf");

        /** Shaped at 1000 points: positions come out in the thousandths of an em that PDF widths use. */
        private static final float UNITS = 1000f;

        private static final FontRenderContext EXACT = new FontRenderContext(null, true, true);

        private final String file;

        private volatile Loaded loaded;

        Face(String file) {
            this.file = file;
        }

        /** Loaded at first use, not at class loading: a stamped copy of English text never needs Devanagari. */
        Loaded loaded() {
            Loaded current = loaded;
            if (current == null) {
                synchronized (this) {
                    current = loaded;
                    if (current == null) {
                        current = Loaded.of(file);
                        loaded = current;
                    }
                }
            }
            return current;
        }

        static Face of(boolean devanagari, Weight weight) {
            if (devanagari) {
                return weight == Weight.BOLD ? DEVANAGARI_BOLD : DEVANAGARI_REGULAR;
            }
            return weight == Weight.BOLD ? LATIN_BOLD : LATIN_REGULAR;
        }
    }

    /** @param advances each glyph's advance width in thousandths of an em, as the PDF's widths will say */
    private record Loaded(byte[] bytes, Font awt, int[] advances) {

        static Loaded of(String file) {
            try (InputStream in = PdfText.class.getResourceAsStream("/fonts/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("font " + file + " is missing from the classpath (fonts/)");
                }
                byte[] bytes = in.readAllBytes();
                Font awt = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(bytes)).deriveFont(Face.UNITS);
                int[] advances;
                try (TrueTypeFont parsed = new TTFParser().parse(new RandomAccessReadBuffer(bytes))) {
                    HorizontalMetricsTable metrics = parsed.getHorizontalMetrics();
                    float scale = 1000f / parsed.getUnitsPerEm();
                    advances = new int[parsed.getNumberOfGlyphs()];
                    for (int glyph = 0; glyph < advances.length; glyph++) {
                        advances[glyph] = Math.round(metrics.getAdvanceWidth(glyph) * scale);
                    }
                }
                return new Loaded(bytes, awt, advances);
            }
            catch (IOException e) {
                throw new UncheckedIOException("could not read font " + file, e);
            }
            catch (FontFormatException e) {
                throw new IllegalStateException("font " + file + " is not a TrueType font", e);
            }
        }

        boolean has(int codePoint) {
            return awt.canDisplay(codePoint);
        }
    }

    /** A piece of text in one face, shaped: glyphs, their positions and the piece's advance, in thousandths. */
    private record Shaped(Face face, int[] glyphs, float[] x, float[] y, float advance) {
    }

    private final PDDocument document;

    private final Map<Face, PDType0Font> fonts = new EnumMap<>(Face.class);

    private PdfText(PDDocument document) {
        this.document = document;
    }

    /** Text set into {@code document}, whose fonts are embedded into it as they are first used. */
    public static PdfText in(PDDocument document) {
        return new PdfText(document);
    }

    /**
     * {@code text} as it will print: on one line (controls and line breaks as spaces, direction overrides
     * dropped), with {@code ?} for each character neither font has.
     */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder printable = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (Character.isISOControl(codePoint) || codePoint == 0x2028 || codePoint == 0x2029) {
                printable.append(' ');
            }
            else if (codePoint >= 0x202A && codePoint <= 0x202E || codePoint >= 0x2066 && codePoint <= 0x2069) {
                return;
            }
            else if (isDevanagari(codePoint) || joins(codePoint)) {
                printable.appendCodePoint(Face.DEVANAGARI_REGULAR.loaded().has(codePoint) ? codePoint : '?');
            }
            else {
                printable.appendCodePoint(Face.LATIN_REGULAR.loaded().has(codePoint) ? codePoint : '?');
            }
        });
        return printable.toString();
    }

    /** Whether {@code text} has a Devanagari letter, so that its language is Hindi (or another Indian language). */
    public static boolean hasDevanagari(String text) {
        return text != null && text.codePoints().anyMatch(PdfText::isDevanagari);
    }

    /** The width of {@code text} as {@link #show} prints it, in points. */
    public float width(String text, Weight weight, float size) {
        float width = 0;
        for (Shaped piece : shape(text, weight)) {
            width += piece.advance();
        }
        return width * size / 1000;
    }

    /**
     * Shows {@code text} at the current text position, inside {@code BT ... ET}, leaving the position after it.
     * The text should be {@link #printable(String)}: a character neither font has prints as the font's blank box.
     */
    public void show(PDPageContentStream content, String text, Weight weight, float size) throws IOException {
        for (Shaped piece : shape(text, weight)) {
            PDType0Font font = font(piece.face());
            content.setFont(font, size);
            Set<Integer> used = new HashSet<>();
            StringBuilder operators = new StringBuilder(piece.glyphs().length * 8).append('[');
            float pen = 0;
            for (int i = 0; i < piece.glyphs().length; i++) {
                int glyph = piece.glyphs()[i];
                // A TJ number moves the next glyph back by that many thousandths of the font size.
                float shift = pen - piece.x()[i];
                if (Math.abs(shift) > 0.01f) {
                    operators.append(number(shift)).append(' ');
                }
                if (Math.abs(piece.y()[i]) > 0.01f) {
                    // A mark raised or lowered by the font's positioning: shown alone with a text rise.
                    operators.append("] TJ ").append(number(-piece.y()[i] * size / 1000)).append(" Ts [");
                    operators.append(hex(font, glyph)).append("] TJ 0 Ts [");
                }
                else {
                    operators.append(hex(font, glyph));
                }
                used.add(glyph);
                pen = piece.x()[i] + piece.face().loaded().advances()[glyph];
            }
            if (Math.abs(pen - piece.advance()) > 0.01f) {
                operators.append(' ').append(number(pen - piece.advance()));
            }
            operators.append("] TJ\n");
            font.addGlyphsToSubset(used);
            content.appendRawCommands(operators.toString());
        }
    }

    /** {@code text} as a PDF text string in hexadecimal (UTF-16BE with its byte-order mark), for {@code /ActualText}. */
    public static String actualText(String text) {
        return "<FEFF" + HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_16BE)) + ">";
    }

    /**
     * The glyph identifiers {@link #show} prints for {@code text} in the face its characters fall in, one list a
     * piece of text in one face (what a test compares with the font's own tables).
     */
    public static List<int[]> glyphs(String text, Weight weight) {
        List<int[]> glyphs = new ArrayList<>();
        for (Shaped piece : shape(text, weight)) {
            glyphs.add(piece.glyphs().clone());
        }
        return glyphs;
    }

    private PDType0Font font(Face face) throws IOException {
        PDType0Font font = fonts.get(face);
        if (font == null) {
            // Shaped here, so PDFBox's own GSUB pass is never asked for (vertical: false).
            font = PDType0Font.load(document, new RandomAccessReadBuffer(face.loaded().bytes()), true, false);
            fonts.put(face, font);
        }
        return font;
    }

    private static String hex(PDType0Font font, int glyph) {
        return "<" + HexFormat.of().withUpperCase().formatHex(font.encodeGlyphId(glyph)) + ">";
    }

    private static String number(float value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** The text cut into pieces by face (Devanagari with its joiners, and the rest), each piece shaped. */
    private static List<Shaped> shape(String text, Weight weight) {
        List<Shaped> pieces = new ArrayList<>();
        int start = 0;
        Boolean devanagari = null;
        for (int i = 0; i < text.length();) {
            int codePoint = text.codePointAt(i);
            boolean here = isDevanagari(codePoint) || joins(codePoint)
                    || Boolean.TRUE.equals(devanagari) && Character.isSpaceChar(codePoint);
            if (devanagari != null && here != devanagari) {
                pieces.add(shape(Face.of(devanagari, weight), text.substring(start, i)));
                start = i;
            }
            devanagari = here;
            i += Character.charCount(codePoint);
        }
        if (start < text.length()) {
            pieces.add(shape(Face.of(devanagari, weight), text.substring(start)));
        }
        return pieces;
    }

    private static Shaped shape(Face face, String text) {
        Loaded loaded = face.loaded();
        char[] chars = text.toCharArray();
        GlyphVector vector = loaded.awt().layoutGlyphVector(Face.EXACT, chars, 0, chars.length,
                Font.LAYOUT_LEFT_TO_RIGHT);
        int count = vector.getNumGlyphs();
        int[] glyphs = new int[count];
        float[] x = new float[count];
        float[] y = new float[count];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int glyph = vector.getGlyphCode(i);
            // The layout's invisible glyphs (for joiners) are no glyphs of the font.
            if (glyph < 0 || glyph >= loaded.advances().length) {
                continue;
            }
            Point2D position = vector.getGlyphPosition(i);
            glyphs[kept] = glyph;
            x[kept] = (float) position.getX();
            y[kept] = (float) position.getY();
            kept++;
        }
        float advance = (float) vector.getGlyphPosition(count).getX();
        return new Shaped(face, java.util.Arrays.copyOf(glyphs, kept), java.util.Arrays.copyOf(x, kept),
                java.util.Arrays.copyOf(y, kept), advance);
    }

    /** Devanagari, Devanagari Extended and Vedic Extensions. */
    private static boolean isDevanagari(int codePoint) {
        return codePoint >= 0x0900 && codePoint <= 0x097F || codePoint >= 0xA8E0 && codePoint <= 0xA8FF
                || codePoint >= 0x1CD0 && codePoint <= 0x1CFF;
    }

    /** Zero-width (non-)joiner and the dotted circle, which belong to the word around them. */
    private static boolean joins(int codePoint) {
        return codePoint == 0x200C || codePoint == 0x200D || codePoint == 0x25CC;
    }
}
