package org.tijori.signing;

import java.util.Optional;

/**
 * What a resident may add to a PDF signature.
 *
 * @param reason why the resident signs ("I approve this document"), or null; at most 200 characters
 * @param location where the resident signs ("Pune"), or null; at most 200 characters
 * @param visible where to show the signature on a page, or null for an invisible signature
 */
public record PdfSignatureOptions(String reason, String location, VisibleSignature visible) {

    private static final int MAX_TEXT = 200;

    /** An invisible signature with no reason or location. */
    public static final PdfSignatureOptions NONE = new PdfSignatureOptions(null, null, null);

    public PdfSignatureOptions {
        reason = text(reason, "reason");
        location = text(location, "location");
    }

    /** The visible signature, if any. */
    public Optional<VisibleSignature> visibleSignature() {
        return Optional.ofNullable(visible);
    }

    private static String text(String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String strip = value.strip();
        if (strip.length() > MAX_TEXT || strip.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The " + what + " has at most " + MAX_TEXT
                    + " characters and no line breaks");
        }
        return strip;
    }

    /**
     * A box on one page where the signature is shown: the signer's name, the time and the reason and location.
     *
     * @param page the page, from 1
     * @param x the box's left edge, in points from the page's left edge (a point is 1/72 inch)
     * @param y the box's bottom edge, in points from the page's bottom edge
     * @param width the box's width in points, 72 to 600
     * @param height the box's height in points, 24 to 300
     */
    public record VisibleSignature(int page, float x, float y, float width, float height) {

        public VisibleSignature {
            if (page < 1) {
                throw new IllegalArgumentException("Pages are numbered from 1");
            }
            if (x < 0 || y < 0 || width < 72 || width > 600 || height < 24 || height > 300) {
                throw new IllegalArgumentException("The signature box must lie on the page, 72 to 600 points wide and "
                        + "24 to 300 points high");
            }
        }

        /** A box of 220 by 70 points, 36 points from the bottom left corner of {@code page}. */
        public static VisibleSignature onPage(int page) {
            return new VisibleSignature(page, 36, 36, 220, 70);
        }
    }
}
