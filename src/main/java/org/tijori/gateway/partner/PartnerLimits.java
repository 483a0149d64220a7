package org.tijori.gateway.partner;

import java.time.Clock;
import java.time.Duration;

import org.tijori.account.FailureBudget;
import org.tijori.account.MinuteBuckets;
import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.gateway.GatewayProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The partner API's limits (ADR 23), in ADR 17's order: what is decided before a request is read, then after it
 * authenticates.
 * <ol>
 * <li>An address whose budget of failed authentications is spent is turned away from memory for a minute: a
 * guesser's flood costs neither a token look-up nor a database round trip.</li>
 * <li>Every request takes a token of a bucket in this node's memory ({@code tijori.gateway.requests-per-address}
 * a minute).</li>
 * <li>Each failed authentication (a token, a client secret, a form HMAC, a replay) takes a token of the address's
 * hourly budget ({@code failures-per-address}) in PostgreSQL, shared by all nodes; the failure that finds it spent is
 * answered 429, and the address is remembered.</li>
 * <li>Once a request has authenticated, its requester takes a token of its own bucket in this node's memory
 * ({@code requests-per-client} a minute), so one busy requester cannot starve the others.</li>
 * </ol>
 * The buckets in memory hold per node, so a limit is that many times the nodes (ADR 23, open question 8).
 */
@Component
public class PartnerLimits {

    /**
     * The most addresses, and the most requesters, this node keeps a bucket of. Past it, newcomers share one bucket
     * of the same size until the minute's sweep: the node's memory stays bounded, and only the newcomers wait.
     */
    static final int MOST_KEYS = 100_000;

    private final FailureBudget failures;

    private final MinuteBuckets addresses;

    private final MinuteBuckets clients;

    @Autowired
    PartnerLimits(RateLimits limits, GatewayProperties properties, Clock clock) {
        this(limits, properties, clock, MOST_KEYS);
    }

    PartnerLimits(RateLimits limits, GatewayProperties properties, Clock clock, int mostKeys) {
        this.failures = new FailureBudget(limits, new RateLimit("gateway-failures-address",
                properties.failuresPerAddress(), Duration.ofHours(1)), clock);
        this.addresses = new MinuteBuckets(properties.requestsPerAddress(), mostKeys);
        this.clients = new MinuteBuckets(properties.requestsPerClient(), mostKeys);
    }

    /**
     * Whether a request from {@code address} is read at all.
     *
     * @return zero to admit it, or how long the address should wait, at least a second
     */
    public Duration admit(String address) {
        Duration turnedAway = failures.turnedAway(address);
        return turnedAway.isZero() ? addresses.take(address) : turnedAway;
    }

    /**
     * Counts a failed authentication from {@code address}.
     *
     * @return zero when the failure is answered as one (401), or how long the address must now wait: its budget
     *         was already spent, so it is answered 429 and remembered
     */
    public Duration failed(String address) {
        return failures.count(address) ? Duration.ZERO : FailureBudget.REMEMBERED;
    }

    /**
     * Whether an authenticated request of the requester {@code clientId} is served.
     *
     * @return zero to serve it, or how long the requester should wait, at least a second
     */
    public Duration admitClient(String clientId) {
        return clients.take(clientId);
    }

    /** Forgets spent addresses whose minute is over, and buckets that have filled up again. */
    @Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
    void forgetPast() {
        failures.forgetPast();
        addresses.forgetFull();
        clients.forgetFull();
    }

}
