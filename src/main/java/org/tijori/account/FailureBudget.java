package org.tijori.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.modulith.NamedInterface;

/**
 * An hourly budget of failures per client address (failed authentications, unproven pushes, refused proofs), kept
 * by {@link RateLimits} in PostgreSQL and shared by all nodes, with ADR 17's memory in front of it: the failure that
 * finds the budget spent makes this node remember the address for {@link #REMEMBERED}, and until then the address
 * is turned away from memory, so a guesser's flood costs neither a body read nor a database round trip. What
 * succeeds takes nothing from the budget.
 * <p>
 * The remembered addresses are only those whose budget ran out, so the map holds the current floods, and
 * {@link #forgetPast()}, which its owner schedules, empties it of the ones whose minute is over.
 */
@NamedInterface("limits")
public final class FailureBudget {

    /** How long a node turns away, from memory, an address whose budget it found spent. */
    public static final Duration REMEMBERED = Duration.ofMinutes(1);

    private final RateLimits limits;

    private final RateLimits.RateLimit budget;

    private final Clock clock;

    private final ConcurrentHashMap<String, Instant> spent = new ConcurrentHashMap<>();

    public FailureBudget(RateLimits limits, RateLimits.RateLimit budget, Clock clock) {
        this.limits = limits;
        this.budget = budget;
        this.clock = clock;
    }

    /**
     * How long {@code address} is still turned away, from memory alone.
     *
     * @return zero when it may be heard, else the rest of its minute, at least a second
     */
    public Duration turnedAway(String address) {
        Instant until = spent.get(address);
        if (until == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), until);
        if (left.isNegative() || left.isZero()) {
            spent.remove(address, until);
            return Duration.ZERO;
        }
        return MinuteBuckets.atLeastASecond(left);
    }

    /**
     * Counts one failure of {@code address}.
     *
     * @return true when the budget held it (the failure is answered as one); false when the budget was already
     *         spent: the address is now remembered, and the caller answers 429
     */
    public boolean count(String address) {
        if (limits.tryAcquire(budget, address)) {
            return true;
        }
        spent.put(address, clock.instant().plus(REMEMBERED));
        return false;
    }

    /** Forgets the addresses whose minute is over. */
    public void forgetPast() {
        Instant now = clock.instant();
        spent.values().removeIf(until -> !until.isAfter(now));
    }
}
