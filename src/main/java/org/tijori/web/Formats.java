package org.tijori.web;

import java.time.Instant;
import java.time.LocalDate;

import org.tijori.IndianTime;
import org.tijori.locker.Sizes;

import org.springframework.stereotype.Component;

/**
 * What templates show of sizes and times, as {@code @formats} on every page: sizes in KB and MB, and dates and
 * moments as {@link IndianTime} writes them. Templates use this and never format a date themselves.
 */
@Component("formats")
public class Formats {

    public String size(long bytes) {
        return Sizes.describe(bytes);
    }

    /** A date without a time: {@code 07-12-2026}. */
    public String day(LocalDate day) {
        return IndianTime.day(day);
    }

    /** A moment in India Standard Time, with the zone named: {@code 07-12-2026 15:30 IST}. */
    public String time(Instant instant) {
        return IndianTime.time(instant);
    }
}
