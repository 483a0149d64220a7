package org.tijori.locker;

import java.util.Optional;

/**
 * The size of a preview bitmap, decided before anything is drawn from what a file only claims (a page's
 * box, a picture's header), so that a few hundred bytes cannot ask for gigabytes of pixels.
 *
 * @param width the bitmap's width in pixels, at least 1
 * @param height the bitmap's height in pixels, at least 1
 * @param scale pixels per unit of the source (per PDF point, or per source pixel)
 */
record PreviewSize(int width, int height, float scale) {

    /**
     * The largest side of a page, in PDF units: PDF 1.7 (ISO 32000-1, annex C) lets a page be at most
     * 14,400 units a side, so a box beyond it is made to hurt, not to be read.
     */
    static final float MAX_PAGE_SIDE = 14_400f;

    /** Pages are not blown up beyond twice their size: a tiny page stays a small picture. */
    static final float MAX_PAGE_SCALE = 2f;

    PreviewSize {
        if (width < 1 || height < 1 || !(scale > 0)) {
            throw new IllegalArgumentException("a preview of " + width + " x " + height + " at " + scale);
        }
    }

    long pixels() {
        return (long) width * height;
    }

    /**
     * A page drawn {@code wanted} pixels wide, or narrower so that it stays within {@code maxPixels}.
     *
     * @param boxWidth the width of the page's crop box, in PDF units
     * @param boxHeight its height
     * @param rotation the page's rotation in degrees; a quarter turn swaps width and height
     * @return empty for a box that no real page has (not a number, under one unit, or over
     *         {@link #MAX_PAGE_SIDE} a side)
     */
    static Optional<PreviewSize> ofPage(float boxWidth, float boxHeight, int rotation, int wanted, long maxPixels) {
        if (!(boxWidth >= 1 && boxHeight >= 1 && boxWidth <= MAX_PAGE_SIDE && boxHeight <= MAX_PAGE_SIDE)) {
            return Optional.empty();
        }
        boolean quarterTurn = Math.floorMod(rotation, 180) == 90;
        float shownWidth = quarterTurn ? boxHeight : boxWidth;
        float shownHeight = quarterTurn ? boxWidth : boxHeight;
        return fit(shownWidth, shownHeight, wanted, maxPixels, MAX_PAGE_SCALE);
    }

    /**
     * A picture drawn at most {@code wanted} pixels wide and never larger than it is, within
     * {@code maxPixels}.
     */
    static Optional<PreviewSize> ofPicture(int width, int height, int wanted, long maxPixels) {
        if (width < 1 || height < 1) {
            return Optional.empty();
        }
        return fit(width, height, wanted, maxPixels, 1f);
    }

    /**
     * How many source pixels to step over in each direction while decoding a picture so that what is
     * decoded is at most about four times this size, whatever the picture's own size.
     */
    int subsampling() {
        return Math.max(1, (int) Math.floor(1 / scale));
    }

    /**
     * The scale is the smallest of: the wanted width over the source width, the square root of the
     * pixel budget over the source area, and {@code maxScale}. Both sides are rounded down as PDFBox
     * does, and at least one pixel; a source so thin that even then it takes more than the budget (a
     * line a million times longer than wide) is refused.
     */
    private static Optional<PreviewSize> fit(float sourceWidth, float sourceHeight, int wanted, long maxPixels,
            float maxScale) {
        if (wanted < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("a preview needs a width and a pixel budget");
        }
        double area = (double) sourceWidth * sourceHeight;
        float scale = (float) Math.min(maxScale, Math.min(wanted / (double) sourceWidth,
                Math.sqrt(maxPixels / area)));
        int width = (int) Math.max(Math.floor(sourceWidth * scale), 1);
        int height = (int) Math.max(Math.floor(sourceHeight * scale), 1);
        if ((long) width * height > maxPixels || !(scale > 0)) {
            return Optional.empty();
        }
        return Optional.of(new PreviewSize(width, height, scale));
    }
}
