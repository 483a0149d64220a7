package org.tijori.gateway.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.gateway.GatewayProperties;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every ten minutes, on one node (ShedLock {@code gateway-purge}): authorizations whose every token ended, or that
 * were revoked, more than a day ago (their spent refresh tokens go with them), form credentials older than the
 * request lifetime and a few minutes of clock skew, and sign-ups that were never completed. Consents and their
 * receipts stay for the account's life.
 */
@Component
class AuthorizationPurge {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationPurge.class);

    static final Duration KEPT = Duration.ofDays(1);

    static final Duration SKEW = Duration.ofMinutes(5);

    private final Authorizations authorizations;

    private final JdbcClient jdbc;

    private final Clock clock;

    private final GatewayProperties properties;

    AuthorizationPurge(Authorizations authorizations, JdbcClient jdbc, Clock clock, GatewayProperties properties) {
        this.authorizations = authorizations;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(initialDelay = 120_000, fixedDelay = 600_000)
    @SchedulerLock(name = "gateway-purge")
    @Transactional
    public void purge() {
        Instant now = clock.instant();
        int authorizationsPurged = authorizations.purge(now.minus(KEPT));
        int proofs = jdbc.sql("delete from gateway_spent_proof where spent_at < ?")
                .param(utc(now.minus(properties.requestLifetime()).minus(SKEW))).update();
        int signUps = jdbc.sql("delete from gateway_pending_signup where expires_at < ?").param(utc(now)).update();
        if (authorizationsPurged + proofs + signUps > 0) {
            log.info("Purged {} authorizations, {} form credentials and {} sign-ups no longer needed",
                    authorizationsPurged, proofs, signUps);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
