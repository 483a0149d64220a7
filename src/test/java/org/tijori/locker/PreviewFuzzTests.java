package org.tijori.locker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as a PDF or a picture to draw a thumbnail or a preview of: a PNG no wider than asked and within the
 * pixel limit, or a refusal, within the drawing's timeout, and the drawer's place given back (a drawing that
 * never ends would leave the next one {@link Previews.Busy}). The first byte of an input picks the type and the
 * width (odd: a picture, else a PDF; below 128: a thumbnail, else a preview), the rest is the file. Regression
 * seeds: {@code PreviewFuzzTestsInputs}; a fuzzing run: docs/fuzzing.md.
 */
class PreviewFuzzTests {

    static final LockerProperties.Preview LIMITS = new LockerProperties.Preview(2_000_000, 40_000_000,
            Duration.ofSeconds(3), 1, Duration.ofSeconds(10), DataSize.ofMegabytes(16));

    static final Previews PREVIEWS = new Previews(new LockerProperties(DataSize.ofMegabytes(10),
            DataSize.ofGigabytes(1), List.of("application/pdf", "image/jpeg", "image/png"), Duration.ofDays(30), 200,
            LIMITS), new SimpleMeterRegistry());

    @FuzzTest(maxDuration = "30s")
    @Timeout(20)
    void drawsOrRefusesInTime(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        String type = (input[0] & 1) == 1 ? "image/png" : "application/pdf";
        int width = (input[0] & 0xFF) < 128 ? 240 : 1200;
        var file = new ByteArrayInputStream(input, 1, input.length - 1);
        long started = System.nanoTime();

        Previews.Drawing drawing = PREVIEWS.draw(file, type, width, "a fuzzed file");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LIMITS.timeout().plusSeconds(2));
        assertThat(drawing).isNotInstanceOf(Previews.Busy.class);
        if (drawing instanceof Previews.Drawn drawn) {
            var png = ImageIO.read(new ByteArrayInputStream(drawn.png()));
            assertThat(png.getWidth()).isLessThanOrEqualTo(width);
            assertThat((long) png.getWidth() * png.getHeight()).isLessThanOrEqualTo(LIMITS.maxPixels());
        }
    }
}
