package org.tijori.locker.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.tijori.locker.Sizes;

import org.springframework.stereotype.Component;

/**
 * Formats for locker pages, used in templates as {@code @formats}: sizes in KB and MB, dates the
 * Indian way (day first), times in India Standard Time, which every page says.
 */
@Component("formats")
public class Formats {

    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy", Locale.ROOT);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm", Locale.ROOT);

    public String size(long bytes) {
        return Sizes.describe(bytes);
    }

    public String day(LocalDate day) {
        return day == null ? "" : DAY.format(day);
    }

    /** A moment in India Standard Time, with the zone named. */
    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(INDIA)) + " IST";
    }
}
