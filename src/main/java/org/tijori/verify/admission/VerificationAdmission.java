package org.tijori.verify.admission;

import java.time.Clock;
import java.time.Duration;

import org.tijori.account.FailureBudget;
import org.tijori.account.MinuteBuckets;
import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.verify.VerifyProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per-address limits of public verification (ADR 22), decided before a proof is read:
 * <ol>
 * <li>An address whose budget of refusals is spent is turned away from memory for a minute: a guesser's flood
 * costs neither a proof check nor a database round trip.</li>
 * <li>Every request takes a token of a bucket in this node's memory ({@code tijori.verify.requests-per-address}
 * a minute): a verification desk scanning all day behind one address never waits for the database.</li>
 * <li>Each refusal then takes a token of the address's hourly budget ({@code tijori.verify.refusals-per-address})
 * in PostgreSQL, shared by all nodes; the refusal that finds it spent is answered 429, and the address is
 * remembered. Genuine scans take nothing from it.</li>
 * </ol>
 */
@Component
public class VerificationAdmission {

    /**
     * The most addresses this node keeps a bucket of. Past it (a flood from more addresses than any desk has,
     * IPv6 makes them cheap), new addresses share one bucket of the same size until the minute's sweep: the
     * node's memory stays bounded, and only the flood's newcomers wait.
     */
    static final int MOST_ADDRESSES = 100_000;

    private final FailureBudget refusals;

    private final MinuteBuckets requests;

    @Autowired
    VerificationAdmission(RateLimits limits, VerifyProperties properties, Clock clock) {
        this(limits, properties, clock, MOST_ADDRESSES);
    }

    VerificationAdmission(RateLimits limits, VerifyProperties properties, Clock clock, int mostAddresses) {
        this.refusals = new FailureBudget(limits, new RateLimit("verify-refusals-address",
                properties.refusalsPerAddress(), Duration.ofHours(1)), clock);
        this.requests = new MinuteBuckets(properties.requestsPerAddress(), mostAddresses);
    }

    /**
     * Whether a request from {@code address} is read at all.
     *
     * @return zero to admit it, or how long the address should wait, at least a second
     */
    public Duration admit(String address) {
        Duration turnedAway = refusals.turnedAway(address);
        return turnedAway.isZero() ? requests.take(address) : turnedAway;
    }

    /**
     * Counts a refused verification from {@code address}.
     *
     * @return zero when the refusal is answered as one (404), or how long the address must now wait: its budget
     *         was already spent, so it is answered 429 and remembered
     */
    public Duration refused(String address) {
        return refusals.count(address) ? Duration.ZERO : FailureBudget.REMEMBERED;
    }

    /** Forgets spent addresses whose minute is over, and buckets that have filled up again. */
    @Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
    void forgetPast() {
        refusals.forgetPast();
        requests.forgetFull();
    }

}
