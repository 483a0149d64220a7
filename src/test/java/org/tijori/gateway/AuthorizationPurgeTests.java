package org.tijori.gateway.token;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.tijori.gateway.StoredTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuthorizationPurge} (ADR 23): authorizations whose every token ended, or that were revoked, more than a day
 * ago go; a live one and one that ended a moment ago stay.
 */
@SpringBootTest
class AuthorizationPurgeTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuthorizationPurge purge;

    @Test
    void purgesOnlyWhatEndedMoreThanADayAgo() {
        StoredTokens tokens = new StoredTokens(jdbc);
        StoredTokens.Requester requester = tokens.approvedRequester();
        StoredTokens.Grant live = tokens.grant(requester, "userdetails");
        StoredTokens.Grant endedLongAgo = tokens.grant(requester, "userdetails");
        StoredTokens.Grant revokedLongAgo = tokens.grant(requester, "userdetails");
        StoredTokens.Grant endedJustNow = tokens.grant(requester, "userdetails");
        age(endedLongAgo, Duration.ofDays(2), false);
        age(revokedLongAgo, Duration.ofDays(2), true);
        age(endedJustNow, Duration.ofMinutes(5), false);

        purge.purge();

        assertThat(exists(live)).isTrue();
        assertThat(exists(endedJustNow)).isTrue();
        assertThat(exists(endedLongAgo)).isFalse();
        assertThat(exists(revokedLongAgo)).isFalse();
    }

    void age(StoredTokens.Grant grant, Duration ago, boolean revoked) {
        Instant then = Instant.now().minus(ago);
        jdbc.sql("""
                update gateway_authorization set created_at = ?, updated_at = ?, access_issued_at = ?,
                       access_expires_at = ?, revoked_at = ? where id = ?""")
                .params(utc(then.minusSeconds(3600)), utc(then), utc(then.minusSeconds(3600)),
                        utc(revoked ? Instant.now().plusSeconds(600) : then), revoked ? utc(then) : null,
                        grant.authorization())
                .update();
    }

    boolean exists(StoredTokens.Grant grant) {
        return jdbc.sql("select count(*) from gateway_authorization where id = ?").param(grant.authorization())
                .query(Integer.class).single() == 1;
    }

    static java.time.OffsetDateTime utc(Instant instant) {
        return java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }
}
