package org.tijori.account;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Token buckets in PostgreSQL, so that a limit holds however many nodes a stranger's requests reach.
 */
@Component
@NamedInterface("limits")
public class RateLimits {

    private final ProxyManager<String> buckets;

    private final JdbcClient jdbc;

    private final ConcurrentHashMap<RateLimit, Supplier<BucketConfiguration>> configurations = new ConcurrentHashMap<>();

    RateLimits(DataSource dataSource, JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("account_rate_limit").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .build();
    }

    /**
     * Takes one token for {@code key}; false when the limit is reached. There is deliberately no way to ask
     * without taking: a check and a later take let any number of parallel requests through the same gap.
     */
    public boolean tryAcquire(RateLimit limit, String key) {
        return bucket(limit, key).tryConsume(1);
    }

    /** Gives back a token taken for something that turned out not to count (a right password). */
    public void giveBack(RateLimit limit, String key) {
        bucket(limit, key).addTokens(1);
    }

    /** Fills {@code key}'s bucket up again, as if nothing had been taken. */
    public void reset(RateLimit limit, String key) {
        bucket(limit, key).reset();
    }

    private Bucket bucket(RateLimit limit, String key) {
        return buckets.getProxy(limit.name() + ":" + key, configuration(limit));
    }

    private Supplier<BucketConfiguration> configuration(RateLimit limit) {
        return configurations.computeIfAbsent(limit, l -> {
            BucketConfiguration configuration = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(l.capacity()).refillIntervally(l.capacity(), l.period())
                            .build())
                    .build();
            return () -> configuration;
        });
    }

    /** Forgets buckets that have refilled completely; any node may do it. */
    @Scheduled(initialDelay = 300_000, fixedDelay = 300_000)
    void forgetFullBuckets() {
        jdbc.sql("delete from account_rate_limit where expires_at < ?").param(System.currentTimeMillis()).update();
    }

    /**
     * A limit: at most {@code capacity} actions per {@code period} for one key.
     *
     * @param name what is limited, e.g. {@code otp-send-mobile}
     */
    public record RateLimit(String name, long capacity, Duration period) {
    }
}
