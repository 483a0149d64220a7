package org.tijori;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Dates and moments as people read them, and no page that writes its own. */
class IndianTimeTests {

    /** Ways a template could format a date by itself instead of through {@code @formats}. */
    static final Pattern OWN_FORMAT = Pattern.compile("#temporals|#dates\\.|#calendars|yyyy|uuuu|'UTC'");

    @Test
    void showsADateDayFirstWithoutATime() {
        assertThat(IndianTime.day(LocalDate.of(1990, 1, 2))).isEqualTo("02-01-1990");
        assertThat(IndianTime.day(null)).isEmpty();
    }

    @Test
    void showsAMomentInIndiaStandardTimeAndSaysSo() {
        assertThat(IndianTime.time(Instant.parse("2026-12-07T10:00:00Z"))).isEqualTo("07-12-2026 15:30 IST");
        assertThat(IndianTime.time(Instant.parse("2026-12-07T19:45:59Z"))).as("the next day in India")
                .isEqualTo("08-12-2026 01:15 IST");
        assertThat(IndianTime.time(null)).isEmpty();
    }

    @Test
    void noTemplateFormatsADateItself() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            offenders = files.filter(file -> file.toString().endsWith(".html")).flatMap(file -> {
                try {
                    List<String> lines = Files.readAllLines(file);
                    return java.util.stream.IntStream.range(0, lines.size())
                            .filter(i -> OWN_FORMAT.matcher(lines.get(i)).find())
                            .mapToObj(i -> file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
                catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(offenders).as("dates formatted outside @formats").isEmpty();
    }
}
