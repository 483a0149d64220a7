package org.tijori.issuer;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

import org.tijori.identity.events.NationalIdLinked;
import org.tijori.issuer.events.DocumentDelivered;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Documents parked for a national ID reach the locker of the resident who links it. Runs after the
 * link commits, in its own transaction, and is kept in the event registry until it has: a crash in
 * between delivers them on the next start.
 */
@Component
class ParkedDocumentDelivery {

    private final JdbcClient jdbc;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    ParkedDocumentDelivery(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(NationalIdLinked linked) {
        byte[] fingerprint = HexFormat.of().parseHex(linked.uidFingerprint());
        jdbc.sql("""
                update issuer_document set account_id = ?, delivered_at = ?
                where account_id is null and uid_fingerprint = ? and status in ('ACTIVE', 'REVOKED', 'SUSPENDED')
                returning uri, version, issuer_id, doc_name""")
                .params(linked.account().value(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                        fingerprint)
                .query((rs, row) -> new DocumentDelivered(linked.account(), rs.getString("uri"), rs.getInt("version"),
                        rs.getString("issuer_id"), rs.getString("doc_name")))
                .list()
                .forEach(events::publishEvent);
    }
}
