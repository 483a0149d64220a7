package org.tijori.issuer.rendering;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A person's photograph as a printed document may show it ({@code IssuedTo/Person/Photo} of a Certificate XML,
 * the national-ID card's photo): a JPEG of at most {@value #MAX_BYTES} bytes and {@value #MAX_SIDE} pixels a side,
 * baseline or progressive with Huffman coding, 8 bits, grey or colour. It is judged by its markers alone, read
 * once from start to end, and never decoded here: the PDF carries the JPEG as it is ({@code DCTDecode}) and
 * whoever draws the page decodes it. The header is what keeps a small file that claims huge dimensions (a
 * "pixel flood") away from every decoder that later draws the page, the locker's previews included; the bytes
 * are what keep the PDF, and a card's XML, small.
 */
public final class PrintablePhoto {

    /** The largest photo printed: an ID photo of good quality takes 10 to 30 KiB. */
    public static final int MAX_BYTES = 64 * 1024;

    /** The largest width or height printed: more than a print of the photo's box can show. */
    public static final int MAX_SIDE = 2048;

    /** More scans than any encoder writes (a progressive JPEG has about ten); each scan costs a decoder a pass. */
    static final int MAX_SCANS = 32;

    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    private final byte[] jpeg;

    private final int width;

    private final int height;

    private final int components;

    /**
     * @throws IllegalArgumentException saying why the photo is not printed
     */
    public PrintablePhoto(byte[] jpeg) {
        if (jpeg == null || jpeg.length == 0) {
            throw new IllegalArgumentException("there is no photo");
        }
        if (jpeg.length > MAX_BYTES) {
            throw new IllegalArgumentException("the photo is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        this.jpeg = jpeg.clone();
        Frame frame = frame(this.jpeg);
        this.width = frame.width();
        this.height = frame.height();
        this.components = frame.components();
    }

    /**
     * A photo in base64 as a Certificate XML carries it (white space anywhere), its length checked before it is
     * decoded.
     *
     * @throws IllegalArgumentException saying why the photo is not printed
     */
    public static PrintablePhoto fromBase64(String text) {
        String compact = text == null ? "" : WHITESPACE.matcher(text).replaceAll("");
        if (compact.length() > (MAX_BYTES + 2) / 3 * 4) {
            throw new IllegalArgumentException("the photo is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        byte[] jpeg;
        try {
            jpeg = Base64.getDecoder().decode(compact);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the photo is not in base64", e);
        }
        return new PrintablePhoto(jpeg);
    }

    /** The JPEG, as it came. */
    public byte[] jpeg() {
        return jpeg.clone();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 1 (grey) or 3 (colour). */
    public int components() {
        return components;
    }

    /** The JPEG in base64, as a Certificate XML carries it. */
    public String base64() {
        return Base64.getEncoder().encodeToString(jpeg);
    }

    @Override
    public String toString() {
        return "PrintablePhoto[" + width + "x" + height + ", " + jpeg.length + " bytes]";
    }

    private record Frame(int width, int height, int components) {
    }

    /**
     * Walks the JPEG's markers from its start-of-image to its end-of-image: one frame header of an accepted kind
     * before the first scan, a bounded number of scans, every segment within the file.
     */
    private static Frame frame(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("the photo is not a JPEG image");
        }
        Frame frame = null;
        int scans = 0;
        int at = 2;
        while (true) {
            if (at >= jpeg.length || (jpeg[at] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("the photo is a damaged JPEG image");
            }
            while (at < jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
                at++;
            }
            if (at >= jpeg.length) {
                throw new IllegalArgumentException("the photo is a damaged JPEG image");
            }
            int marker = jpeg[at++] & 0xFF;
            if (marker == 0xD9) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (at + 2 > jpeg.length) {
                throw new IllegalArgumentException("the photo is a damaged JPEG image");
            }
            int length = ((jpeg[at] & 0xFF) << 8) | (jpeg[at + 1] & 0xFF);
            if (length < 2 || at + length > jpeg.length) {
                throw new IllegalArgumentException("the photo is a damaged JPEG image");
            }
            int segment = at + 2;
            at += length;
            if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
                if (frame != null) {
                    throw new IllegalArgumentException("the photo has more than one frame");
                }
                frame = frameHeader(jpeg, segment, length - 2);
            }
            else if (marker >= 0xC3 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                throw new IllegalArgumentException("the photo is a lossless, hierarchical or arithmetic-coded JPEG, "
                        + "which is not printed");
            }
            else if (marker == 0xDA) {
                if (frame == null) {
                    throw new IllegalArgumentException("the photo is a damaged JPEG image");
                }
                if (++scans > MAX_SCANS) {
                    throw new IllegalArgumentException("the photo has more than " + MAX_SCANS + " scans");
                }
                at = afterScan(jpeg, at);
            }
        }
        if (frame == null || scans == 0) {
            throw new IllegalArgumentException("the photo is a JPEG image without a picture");
        }
        return frame;
    }

    private static Frame frameHeader(byte[] jpeg, int at, int length) {
        if (length < 6) {
            throw new IllegalArgumentException("the photo is a damaged JPEG image");
        }
        int precision = jpeg[at] & 0xFF;
        int height = ((jpeg[at + 1] & 0xFF) << 8) | (jpeg[at + 2] & 0xFF);
        int width = ((jpeg[at + 3] & 0xFF) << 8) | (jpeg[at + 4] & 0xFF);
        int components = jpeg[at + 5] & 0xFF;
        if (length != 6 + 3 * components) {
            throw new IllegalArgumentException("the photo is a damaged JPEG image");
        }
        if (precision != 8) {
            throw new IllegalArgumentException("the photo has " + precision + "-bit samples; only 8 are printed");
        }
        if (components != 1 && components != 3) {
            throw new IllegalArgumentException("the photo has " + components + " colour components; only grey and "
                    + "colour (1 or 3) are printed");
        }
        // A height of 0 is given later (DNL): such a file says nothing of its size up front.
        if (width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("the photo claims to be " + width + " x " + height + " pixels; at most "
                    + MAX_SIDE + " a side are printed");
        }
        return new Frame(width, height, components);
    }

    /** Where the marker after a scan's coded data starts: the next 0xFF that is neither stuffing nor a restart. */
    private static int afterScan(byte[] jpeg, int at) {
        for (int i = at; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF) {
                int next = jpeg[i + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("the photo is a damaged JPEG image");
    }
}
