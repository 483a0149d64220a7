package org.tijori.locker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The size of a preview is decided from what a file claims, before anything is drawn. */
class PreviewSizeTests {

    static final long BUDGET = 2_000_000;

    @Test
    void anA4PageIsDrawnAtTheWantedWidth() {
        PreviewSize size = PreviewSize.ofPage(595.28f, 841.89f, 0, 900, BUDGET).orElseThrow();
        assertThat(size.width()).isEqualTo(900);
        assertThat(size.height()).isEqualTo(1272);
        assertThat(size.pixels()).isLessThanOrEqualTo(BUDGET);
    }

    @Test
    void aQuarterTurnSwapsWidthAndHeightButNotTheScale() {
        PreviewSize upright = PreviewSize.ofPage(595.28f, 841.89f, 0, 240, BUDGET).orElseThrow();
        PreviewSize turned = PreviewSize.ofPage(841.89f, 595.28f, 90, 240, BUDGET).orElseThrow();
        assertThat(turned.scale()).isEqualTo(upright.scale());
        assertThat(PreviewSize.ofPage(841.89f, 595.28f, 270, 240, BUDGET)).contains(turned);
        assertThat(PreviewSize.ofPage(841.89f, 595.28f, -90, 240, BUDGET)).contains(turned);
        assertThat(PreviewSize.ofPage(595.28f, 841.89f, 180, 240, BUDGET)).contains(upright);
    }

    @Test
    void aTinyPageIsBlownUpAtMostTwice() {
        PreviewSize size = PreviewSize.ofPage(20, 10, 0, 240, BUDGET).orElseThrow();
        assertThat(size.scale()).isEqualTo(2f);
        assertThat(size.width()).isEqualTo(40);
        assertThat(size.height()).isEqualTo(20);
    }

    @Test
    void aLongPageIsDrawnNarrowerSoThatItStaysWithinThePixelBudget() {
        // A long receipt: 80 mm wide, 5 m tall.
        PreviewSize size = PreviewSize.ofPage(226.77f, 14_173f, 0, 900, BUDGET).orElseThrow();
        assertThat(size.pixels()).isLessThanOrEqualTo(BUDGET);
        assertThat(size.width()).isLessThan(900);
        assertThat((double) size.height() / size.width()).isCloseTo(14_173 / 226.77, org.assertj.core.data.Offset.offset(1.0));
        // The thinnest page there may be: 1 unit by 14,400.
        assertThat(PreviewSize.ofPage(1, 14_400, 0, 240, BUDGET).orElseThrow().pixels()).isLessThanOrEqualTo(BUDGET);
    }

    @Test
    void refusesBoxesNoRealPageHas() {
        assertThat(PreviewSize.ofPage(120, 400_000, 0, 240, BUDGET)).as("the 417-byte attack").isEmpty();
        assertThat(PreviewSize.ofPage(14_401, 100, 0, 240, BUDGET)).isEmpty();
        assertThat(PreviewSize.ofPage(0, 100, 0, 240, BUDGET)).isEmpty();
        assertThat(PreviewSize.ofPage(0.5f, 100, 0, 240, BUDGET)).isEmpty();
        assertThat(PreviewSize.ofPage(Float.NaN, 100, 0, 240, BUDGET)).isEmpty();
        assertThat(PreviewSize.ofPage(Float.POSITIVE_INFINITY, 100, 0, 240, BUDGET)).isEmpty();
        assertThat(PreviewSize.ofPage(-595, -842, 0, 240, BUDGET)).isEmpty();
        assertThat(PreviewSize.ofPage(14_400, 14_400, 0, 240, BUDGET)).isPresent();
    }

    @Test
    void aPictureIsNeverBlownUpAndIsDecodedSubsampled() {
        assertThat(PreviewSize.ofPicture(100, 80, 240, BUDGET)).contains(new PreviewSize(100, 80, 1f));
        PreviewSize photo = PreviewSize.ofPicture(4000, 3000, 240, BUDGET).orElseThrow();
        assertThat(photo.width()).isEqualTo(240);
        assertThat(photo.height()).isEqualTo(180);
        assertThat(photo.subsampling()).isEqualTo(16);
        // What is decoded is at most about four times the preview.
        long decoded = (long) ceilDiv(4000, photo.subsampling()) * ceilDiv(3000, photo.subsampling());
        assertThat(decoded).isLessThanOrEqualTo(4 * photo.pixels());
    }

    @Test
    void aTallThinPictureStaysWithinThePixelBudget() {
        PreviewSize size = PreviewSize.ofPicture(100, 399_000, 240, BUDGET).orElseThrow();
        assertThat(size.pixels()).isLessThanOrEqualTo(BUDGET);
        long decoded = (long) ceilDiv(100, size.subsampling()) * ceilDiv(399_000, size.subsampling());
        assertThat(decoded).isLessThanOrEqualTo(4 * BUDGET);
        // A line of pixels a million times longer than wide cannot fit any budget.
        assertThat(PreviewSize.ofPicture(1, 40_000_000, 240, BUDGET)).isEmpty();
        assertThat(PreviewSize.ofPicture(0, 10, 240, BUDGET)).isEmpty();
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
