package org.tijori.account;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.modulith.NamedInterface;

/**
 * Node-local limits of so many requests a minute, one bucket per key (a client address, a client ID), decided
 * from memory before a request is read: what limits a stranger where a round trip to PostgreSQL
 * ({@link RateLimits}) would already cost too much. The buckets are bounded in number: past {@code mostKeys}, new
 * keys share one bucket of the same size until {@link #forgetFull()} sweeps the keys whose buckets have filled up
 * again, so memory stays bounded and only a flood's newcomers wait. A limit holds per node: with n nodes behind a
 * balancer, a key gets n times as much.
 */
@NamedInterface("limits")
public final class MinuteBuckets {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final int perMinute;

    private final int mostKeys;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private final Bucket newcomers;

    public MinuteBuckets(int perMinute, int mostKeys) {
        this.perMinute = perMinute;
        this.mostKeys = mostKeys;
        this.newcomers = bucket();
    }

    private Bucket bucket() {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(perMinute)
                .refillGreedy(perMinute, MINUTE).build()).build();
    }

    /** Takes one request of the key's minute: zero when it may go on, else how long to wait, at least a second. */
    public Duration take(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = buckets.size() < mostKeys ? buckets.computeIfAbsent(key, k -> bucket()) : newcomers;
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : atLeastASecond(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Forgets the keys whose buckets have filled up again: they would start full anyway. */
    public void forgetFull() {
        buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= perMinute);
    }

    /** A wait as {@code Retry-After} can say it: whole seconds, at least one. */
    public static Duration atLeastASecond(Duration wait) {
        long seconds = (wait.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
