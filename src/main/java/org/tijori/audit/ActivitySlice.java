package org.tijori.audit;

import java.util.List;

/**
 * One page of a resident's activity, newest first.
 *
 * @param entries the entries; those not chained yet come first, with sequence 0
 * @param next the {@code before} cursor of the next (older) page, or {@code null} on the last page
 */
public record ActivitySlice(List<AuditEntry> entries, Long next) {

    public ActivitySlice {
        entries = List.copyOf(entries);
    }
}
