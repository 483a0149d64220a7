package org.tijori.account;

import java.time.YearMonth;
import java.util.Objects;

/**
 * How many lockers there were at the end of a month (in India), counting those opened that month and before and
 * still open now.
 *
 * @param month the month, in India's time
 * @param lockers the running total at its end (or now, for the month under way)
 */
public record MonthlyRegistrations(YearMonth month, long lockers) {

    public MonthlyRegistrations {
        Objects.requireNonNull(month, "month");
    }
}
