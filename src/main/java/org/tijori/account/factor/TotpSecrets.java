package org.tijori.account.factor;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import org.tijori.storage.SealedValues;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The authenticator-app secrets of accounts, sealed with the master keyset: the confirmed one, and the one
 * an enrolment page shows until its first code is typed.
 */
@Component
public class TotpSecrets {

    public static final String CONTEXT = "account/totp";

    /** 160 bits, as RFC 4226 recommends for HMAC-SHA1. */
    static final int SECRET_SIZE = 20;

    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;

    private final SealedValues sealed;

    TotpSecrets(JdbcClient jdbc, SealedValues sealed) {
        this.jdbc = jdbc;
        this.sealed = sealed;
    }

    boolean enabled(UUID account) {
        return jdbc.sql("select exists(select 1 from account_totp where account_id = ?)").param(account)
                .query(Boolean.class).single();
    }

    Optional<Instant> enabledAt(UUID account) {
        return jdbc.sql("select enabled_at from account_totp where account_id = ?").param(account)
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
    }

    /** A new secret for the enrolment page; an earlier enrolment that was never confirmed is replaced. */
    byte[] beginEnrolment(UUID account, Instant now) {
        byte[] secret = new byte[SECRET_SIZE];
        random.nextBytes(secret);
        jdbc.sql("""
                insert into account_totp_enrolment (account_id, secret_sealed, created_at) values (?, ?, ?)
                on conflict (account_id) do update set secret_sealed = excluded.secret_sealed,
                                                      created_at = excluded.created_at""")
                .params(account, sealed.seal(secret, CONTEXT), utc(now)).update();
        return secret;
    }

    /** The secret waiting for its first code, if the enrolment is recent enough. */
    Optional<byte[]> enrolment(UUID account, Instant notBefore) {
        return jdbc.sql("select secret_sealed from account_totp_enrolment where account_id = ? and created_at >= ?")
                .params(account, utc(notBefore)).query(byte[].class).optional()
                .map(value -> sealed.open(value, CONTEXT));
    }

    /**
     * Makes the enrolment's secret the account's, replacing any earlier one; {@code step} is the step of the
     * code that confirmed it, which can then not be used again.
     */
    void confirm(UUID account, byte[] secret, long step, Instant now) {
        jdbc.sql("""
                insert into account_totp (account_id, secret_sealed, enabled_at, last_step) values (?, ?, ?, ?)
                on conflict (account_id) do update set secret_sealed = excluded.secret_sealed,
                                                      enabled_at = excluded.enabled_at,
                                                      last_step = excluded.last_step""")
                .params(account, sealed.seal(secret, CONTEXT), utc(now), step).update();
        jdbc.sql("delete from account_totp_enrolment where account_id = ?").param(account).update();
    }

    /**
     * Accepts a code of the step before, the step of, or the step after {@code now} (clocks drift), but only
     * of a step later than the last one accepted: a code is good once. The row is locked, so two requests
     * with the same code cannot both pass.
     *
     * @return the step accepted, or empty
     */
    Optional<Long> accept(UUID account, String code, Instant now) {
        record Stored(byte[] secret, long lastStep) {
        }
        Optional<Stored> stored = jdbc.sql("select secret_sealed, last_step from account_totp where account_id = ? for update")
                .param(account)
                .query((rs, n) -> new Stored(sealed.open(rs.getBytes("secret_sealed"), CONTEXT), rs.getLong("last_step")))
                .optional();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        byte[] secret = stored.get().secret();
        try {
            long current = Totp.step(now);
            for (long step = current - 1; step <= current + 1; step++) {
                if (step > stored.get().lastStep() && Totp.matches(secret, step, code)) {
                    jdbc.sql("update account_totp set last_step = ? where account_id = ?").params(step, account).update();
                    return Optional.of(step);
                }
            }
            return Optional.empty();
        }
        finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    void remove(UUID account) {
        jdbc.sql("delete from account_totp where account_id = ?").param(account).update();
        jdbc.sql("delete from account_totp_enrolment where account_id = ?").param(account).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
