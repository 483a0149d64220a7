package org.tijori.issuer.ledger;

import java.time.Clock;
import java.util.HexFormat;

import org.tijori.identity.events.NationalIdLinked;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Documents parked for a national ID reach the locker of the resident who links it. Runs after the
 * link commits, in its own transaction, and is kept in the event registry until it has: a crash in
 * between delivers them on the next start.
 */
@Component
class ParkedDocumentDelivery {

    private final IssuedDocumentLedger ledger;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    ParkedDocumentDelivery(IssuedDocumentLedger ledger, ApplicationEventPublisher events, Clock clock) {
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(NationalIdLinked linked) {
        byte[] fingerprint = HexFormat.of().parseHex(linked.uidFingerprint());
        ledger.deliverParked(linked.account(), fingerprint, clock.instant()).forEach(events::publishEvent);
    }
}
