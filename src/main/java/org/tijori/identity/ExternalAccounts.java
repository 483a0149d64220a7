package org.tijori.identity;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.identity.events.ExternalAccountLinked;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts at external OpenID Connect providers ("sign in with ...") linked to lockers. A link is
 * made only after the resident proves the locker's mobile number by OTP.
 */
@Service
public class ExternalAccounts {

    private final JdbcClient jdbc;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    ExternalAccounts(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** The locker an external account is linked to. */
    public Optional<AccountId> accountOf(String provider, String subject) {
        return jdbc.sql("select account_id from identity_external_login where provider = ? and subject = ?")
                .params(provider, subject).query((rs, n) -> new AccountId(rs.getObject(1, UUID.class))).optional();
    }

    @Transactional
    public void link(String provider, String subject, AccountId account) {
        jdbc.sql("""
                insert into identity_external_login (provider, subject, account_id, linked_at) values (?, ?, ?, ?)
                on conflict (provider, subject) do update set account_id = excluded.account_id, linked_at = excluded.linked_at""")
                .params(provider, subject, account.value(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        events.publishEvent(new ExternalAccountLinked(account, provider));
    }
}
