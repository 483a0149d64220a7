package org.tijori.account;

import java.time.Instant;

import org.springframework.modulith.NamedInterface;

/**
 * One counter of calls gathered in memory over a window before they are recorded once (verifications of a document,
 * a requester's list calls): how many, the first and the last. Safe to add to from several threads.
 */
@NamedInterface("limits")
public final class WindowTally {

    private final Instant first;

    private Instant last;

    private int times;

    public WindowTally(Instant first) {
        this.first = first;
        this.last = first;
    }

    public synchronized void add(Instant at) {
        times++;
        if (at.isAfter(last)) {
            last = at;
        }
    }

    public synchronized Counted counted() {
        return new Counted(first, last, times);
    }

    /** What a tally held when it was read. */
    public record Counted(Instant first, Instant last, int times) {
    }
}
