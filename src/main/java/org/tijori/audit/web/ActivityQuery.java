package org.tijori.audit.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;

import org.tijori.audit.ActivityFilter;

/**
 * A resident's question to their activity, as the page, the CSV link and the API ask it: a kind, a
 * range of days in India Standard Time (both days included), and a cursor for older pages.
 */
record ActivityQuery(ActivityKind kind, LocalDate from, LocalDate to, Long before) {

    static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private static final int FIRST_YEAR = 2000;

    private static final int LAST_YEAR = 9999;

    /**
     * Reads the query's parameters, each of which may be missing or blank.
     *
     * @throws Invalid naming the message that says what was wrong
     */
    static ActivityQuery parse(String kind, String from, String to, String before) {
        ActivityKind chosen = null;
        if (present(kind) && !"all".equals(kind)) {
            chosen = ActivityKind.fromParam(kind).orElseThrow(() -> new Invalid("activity.error.kind"));
        }
        LocalDate first = day(from);
        LocalDate last = day(to);
        if (first != null && last != null && first.isAfter(last)) {
            throw new Invalid("activity.error.range");
        }
        Long cursor = null;
        if (present(before)) {
            try {
                cursor = Long.parseLong(before);
            }
            catch (NumberFormatException e) {
                throw new Invalid("activity.error.before");
            }
            if (cursor < 1) {
                throw new Invalid("activity.error.before");
            }
        }
        return new ActivityQuery(chosen, first, last, cursor);
    }

    ActivityFilter filter() {
        return new ActivityFilter(kind == null ? Set.of() : kind.actions(),
                from == null ? null : from.atStartOfDay(INDIA).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(INDIA).toInstant());
    }

    /** The kind as the query string writes it, {@code all} when none was chosen. */
    String kindParam() {
        return kind == null ? "all" : kind.param();
    }

    private static LocalDate day(String text) {
        if (!present(text)) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(text.strip());
            if (day.getYear() < FIRST_YEAR || day.getYear() > LAST_YEAR) {
                throw new Invalid("activity.error.date");
            }
            return day;
        }
        catch (DateTimeParseException e) {
            throw new Invalid("activity.error.date");
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** A parameter that cannot be read; {@link #key()} names the message that says why. */
    static final class Invalid extends RuntimeException {

        private final String key;

        Invalid(String key) {
            super(key, null, false, false);
            this.key = key;
        }

        String key() {
            return key;
        }
    }
}
