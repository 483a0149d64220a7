package org.tijori;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one way a person is shown a date or a moment, on every page, e-mail and text message: the day first
 * ({@code 07-12-2026}), and a moment in India Standard Time with the zone named ({@code 07-12-2026 15:30 IST}).
 * Dates without a time (a date of birth, the last day of validity) stay as they are; moments are stored in UTC
 * and only shown in India's time. Machine formats (APIs, CSV, XML) keep ISO 8601 and do not use this.
 */
public final class IndianTime {

    /** India Standard Time: UTC+05:30 all year. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-uuuu", Locale.ROOT);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd-MM-uuuu HH:mm", Locale.ROOT);

    private IndianTime() {
    }

    /** A date without a time, day first; empty for none. */
    public static String day(LocalDate day) {
        return day == null ? "" : DAY.format(day);
    }

    /** A moment in India Standard Time, day first, with the zone named; empty for none. */
    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(ZONE)) + " IST";
    }
}
