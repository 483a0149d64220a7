package org.tijori.issuer.rendering;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

/**
 * A text's QR code at level M in each of its eight masks, ordered as ISO 18004's penalty rates them (the mask the
 * standard prefers first; on equal penalties the lower mask number, as ZXing's encoder picks). ZXing's encoder rates
 * the masks by building the whole code eight times over and scoring it module by module, most of the cost of a
 * large code; here the code is encoded once, the other masks are derived from it (a mask only flips data modules and
 * rewrites the fifteen format modules), and the penalty is counted on rows and columns held as 64-bit words, many
 * modules an operation. The penalty is the standard's four rules as ZXing 3.5 counts them, so the best-rated mask
 * is the one ZXing's encoder would print.
 */
final class QrCodeMasks {

    static final int MASKS = QRCode.NUM_MASK_PATTERNS;

    /** Every mask repeats along a row every 12 rows and along a column every 12 columns. */
    private static final int PERIOD = 12;

    /** The largest code, version 40, is 177 modules a side: three words a row. */
    private static final int WORDS = 3;

    /** {@code ROW_MASKS[mask][y % 12]}: the columns {@code mask} flips in row {@code y}. */
    private static final long[][][] ROW_MASKS = new long[MASKS][PERIOD][WORDS];

    /** {@code COLUMN_MASKS[mask][x % 12]}: the rows {@code mask} flips in column {@code x}. */
    private static final long[][][] COLUMN_MASKS = new long[MASKS][PERIOD][WORDS];

    /** BCH generator of the format information, and the pattern it is masked with (ISO 18004, 7.9). */
    private static final int FORMAT_GENERATOR = 0x537;

    private static final int FORMAT_MASK = 0x5412;

    static {
        for (int mask = 0; mask < MASKS; mask++) {
            for (int phase = 0; phase < PERIOD; phase++) {
                for (int i = 0; i < WORDS * 64; i++) {
                    if (masked(mask, i, phase)) {
                        ROW_MASKS[mask][phase][i >> 6] |= 1L << i;
                    }
                    if (masked(mask, phase, i)) {
                        COLUMN_MASKS[mask][phase][i >> 6] |= 1L << i;
                    }
                }
            }
        }
    }

    private QrCodeMasks() {
    }

    /** The eight codes of {@code text}, best-rated first, each built when first asked for. */
    static List<ByteMatrix> byPenalty(String text) {
        ByteMatrix first = encode(text);
        int size = first.getWidth();
        int words = (size + 63) >> 6;
        boolean[][] data = dataModules(Version.getVersionForNumber((size - 17) / 4), size);
        long[][] plainRows = new long[size][words];
        long[][] plainColumns = new long[size][words];
        long[][] dataRows = new long[size][words];
        long[][] dataColumns = new long[size][words];
        for (int y = 0; y < size; y++) {
            byte[] row = first.getArray()[y];
            for (int x = 0; x < size; x++) {
                // The encoding's mask 0 undone: data modules as they are before any mask.
                long module = data[y][x] ? row[x] ^ ~(x + y) & 1 : row[x];
                plainRows[y][x >> 6] |= module << x;
                plainColumns[x][y >> 6] |= module << y;
                if (data[y][x]) {
                    dataRows[y][x >> 6] |= 1L << x;
                    dataColumns[x][y >> 6] |= 1L << y;
                }
            }
        }
        long[][][] codes = new long[MASKS][][];
        long[] ranks = new long[MASKS];
        for (int mask = 0; mask < MASKS; mask++) {
            long[][] rows = masked(plainRows, dataRows, ROW_MASKS[mask]);
            long[][] columns = masked(plainColumns, dataColumns, COLUMN_MASKS[mask]);
            int format = format(mask);
            for (int bit = 0; bit < 15; bit++) {
                // The first copy runs up column 8 and along row 8 around the top left finder, skipping the timing
                // pattern; the second along row 8 under the top right finder and up column 8 by the bottom left one.
                long value = format >> bit & 1;
                put(rows, columns, bit < 8 ? 8 : bit == 8 ? 7 : 14 - bit, bit < 6 ? bit : bit < 8 ? bit + 1 : 8, value);
                put(rows, columns, bit < 8 ? size - 1 - bit : 8, bit < 8 ? 8 : size - 15 + bit, value);
            }
            codes[mask] = rows;
            ranks[mask] = (long) penalty(rows, columns, size) * MASKS + mask;
        }
        Arrays.sort(ranks);
        ByteMatrix[] built = new ByteMatrix[MASKS];
        return new AbstractList<>() {

            @Override
            public ByteMatrix get(int rank) {
                if (built[rank] == null) {
                    built[rank] = matrix(codes[(int) (ranks[rank] % MASKS)], size);
                }
                return built[rank];
            }

            @Override
            public int size() {
                return MASKS;
            }
        };
    }

    /** ISO 18004's penalty (7.8.3) of a code given by its rows and its columns. */
    private static int penalty(long[][] rows, long[][] columns, int size) {
        int penalty = 0;
        int dark = 0;
        for (int i = 0; i < size; i++) {
            penalty += linePenalty(rows[i], size) + linePenalty(columns[i], size);
            for (long word : rows[i]) {
                dark += Long.bitCount(word);
            }
            if (i + 1 < size) {
                penalty += 3 * blocks(rows[i], rows[i + 1], size);
            }
        }
        int cells = size * size;
        return penalty + Math.abs(dark * 2 - cells) * 10 / cells * 10;
    }

    /**
     * Rules 1 and 3 along one row or column: 3 for a run of five modules of one colour and 1 for each module more;
     * 40 for each dark-light-dark-dark-dark-light-dark with four light modules before or after it inside the code.
     */
    private static int linePenalty(long[] line, int size) {
        int penalty = 0;
        for (int w = 0; w < line.length; w++) {
            int base = w << 6;
            long before4 = bits(line, base - 4);
            long before3 = bits(line, base - 3);
            long before2 = bits(line, base - 2);
            long before1 = bits(line, base - 1);
            long m0 = line[w];
            long m1 = bits(line, base + 1);
            long m2 = bits(line, base + 2);
            long m3 = bits(line, base + 3);
            long m4 = bits(line, base + 4);
            long m5 = bits(line, base + 5);
            long m6 = bits(line, base + 6);
            // A run of n >= 5 is n - 1 equal neighbours in a row: n - 4 windows of four, one start.
            long windows = ~(m0 ^ m1) & ~(m1 ^ m2) & ~(m2 ^ m3) & ~(m3 ^ m4) & range(base, 0, size - 4);
            long starts = windows & (before1 ^ m0 | range(base, 0, 1));
            penalty += Long.bitCount(windows) + 2 * Long.bitCount(starts);
            long finderLike = m0 & ~m1 & m2 & m3 & m4 & ~m5 & m6 & range(base, 0, size - 6);
            if (finderLike != 0) {
                long lightBefore = ~(before4 | before3 | before2 | before1) & range(base, 4, size);
                long lightAfter = ~(bits(line, base + 7) | bits(line, base + 8) | bits(line, base + 9)
                        | bits(line, base + 10)) & range(base, 0, size - 10);
                penalty += 40 * Long.bitCount(finderLike & (lightBefore | lightAfter));
            }
        }
        return penalty;
    }

    /** Rule 2's 2x2 blocks of one colour whose top row is {@code top}. */
    private static int blocks(long[] top, long[] bottom, int size) {
        int blocks = 0;
        for (int w = 0; w < top.length; w++) {
            int base = w << 6;
            blocks += Long.bitCount(~(top[w] ^ bits(top, base + 1)) & ~(bottom[w] ^ bits(bottom, base + 1))
                    & ~(top[w] ^ bottom[w]) & range(base, 0, size - 1));
        }
        return blocks;
    }

    /** The 64 modules of {@code line} from {@code start} on (which may lie before 0), light outside the line. */
    private static long bits(long[] line, int start) {
        int word = Math.floorDiv(start, 64);
        int shift = Math.floorMod(start, 64);
        long low = word >= 0 && word < line.length ? line[word] : 0;
        if (shift == 0) {
            return low;
        }
        long high = word + 1 >= 0 && word + 1 < line.length ? line[word + 1] : 0;
        return low >>> shift | high << (64 - shift);
    }

    /** The positions from {@code from} to {@code to} (exclusive) in the word of positions {@code base} on. */
    private static long range(int base, int from, int to) {
        int low = Math.max(from - base, 0);
        int high = Math.min(to - base, 64);
        if (high <= low) {
            return 0;
        }
        return (high == 64 ? -1L : (1L << high) - 1) & -1L << low;
    }

    private static long[][] masked(long[][] plain, long[][] data, long[][] flips) {
        long[][] lines = new long[plain.length][];
        for (int i = 0; i < plain.length; i++) {
            long[] flip = flips[i % PERIOD];
            lines[i] = new long[plain[i].length];
            for (int w = 0; w < lines[i].length; w++) {
                lines[i][w] = plain[i][w] ^ data[i][w] & flip[w];
            }
        }
        return lines;
    }

    private static void put(long[][] rows, long[][] columns, int x, int y, long value) {
        rows[y][x >> 6] = rows[y][x >> 6] & ~(1L << x) | value << x;
        columns[x][y >> 6] = columns[x][y >> 6] & ~(1L << y) | value << y;
    }

    private static ByteMatrix matrix(long[][] rows, int size) {
        ByteMatrix matrix = new ByteMatrix(size, size);
        for (int y = 0; y < size; y++) {
            byte[] row = matrix.getArray()[y];
            for (int x = 0; x < size; x++) {
                row[x] = (byte) (rows[y][x >> 6] >>> x & 1);
            }
        }
        return matrix;
    }

    private static ByteMatrix encode(String text) {
        try {
            return Encoder.encode(text, ErrorCorrectionLevel.M, Map.of(EncodeHintType.QR_MASK_PATTERN, 0)).getMatrix();
        }
        catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
    }

    /** The fifteen format bits of level M with {@code mask}: five data bits, ten BCH bits, masked. */
    private static int format(int mask) {
        int data = ErrorCorrectionLevel.M.getBits() << 3 | mask;
        int remainder = data << 10;
        for (int bit = 14; bit >= 10; bit--) {
            if ((remainder >> bit & 1) == 1) {
                remainder ^= FORMAT_GENERATOR << (bit - 10);
            }
        }
        return (data << 10 | remainder) ^ FORMAT_MASK;
    }

    /**
     * Whether the module at {@code [y][x]} holds data (or error correction) rather than a finder, separator,
     * timing, alignment, format or version pattern: the modules a mask flips.
     */
    private static boolean[][] dataModules(Version version, int size) {
        boolean[][] data = new boolean[size][size];
        for (boolean[] row : data) {
            Arrays.fill(row, true);
        }
        fill(data, 0, 0, 9, 9);
        fill(data, size - 8, 0, 8, 9);
        fill(data, 0, size - 8, 9, 8);
        fill(data, 6, 0, 1, size);
        fill(data, 0, 6, size, 1);
        int[] centers = version.getAlignmentPatternCenters();
        for (int cy : centers) {
            for (int cx : centers) {
                boolean finder = (cx < 9 || cx > size - 9) && cy < 9 || cx < 9 && cy > size - 9;
                if (!finder) {
                    fill(data, cx - 2, cy - 2, 5, 5);
                }
            }
        }
        if (version.getVersionNumber() >= 7) {
            fill(data, 0, size - 11, 6, 3);
            fill(data, size - 11, 0, 3, 6);
        }
        return data;
    }

    private static void fill(boolean[][] data, int left, int top, int width, int height) {
        for (int y = top; y < top + height; y++) {
            Arrays.fill(data[y], left, left + width, false);
        }
    }

    /** ISO 18004's eight data masks (7.8.2), {@code x} the column and {@code y} the row. */
    static boolean masked(int mask, int x, int y) {
        return switch (mask) {
            case 0 -> (x + y) % 2 == 0;
            case 1 -> y % 2 == 0;
            case 2 -> x % 3 == 0;
            case 3 -> (x + y) % 3 == 0;
            case 4 -> (y / 2 + x / 3) % 2 == 0;
            case 5 -> x * y % 2 + x * y % 3 == 0;
            case 6 -> (x * y % 2 + x * y % 3) % 2 == 0;
            case 7 -> ((x + y) % 2 + x * y % 3) % 2 == 0;
            default -> throw new IllegalArgumentException("no mask " + mask);
        };
    }
}
