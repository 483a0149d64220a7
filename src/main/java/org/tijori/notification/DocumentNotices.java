package org.tijori.notification;

import org.tijori.account.events.AccountDeleted;
import org.tijori.issuer.DocumentHolders;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.events.DocumentDelivered;
import org.tijori.issuer.events.DocumentStatusChanged;
import org.tijori.issuer.events.DocumentWithdrawn;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns what issuers do to a resident's documents into notices, after the issuer's transaction commits. Each notice
 * is keyed by what it is about (the version delivered or withdrawn, the moment of a status change), so an event
 * delivered again by the publication registry adds nothing.
 */
@Component
class DocumentNotices {

    private final ResidentNotices notices;

    private final DocumentHolders holders;

    DocumentNotices(ResidentNotices notices, DocumentHolders holders) {
        this.notices = notices;
        this.holders = holders;
    }

    @ApplicationModuleListener
    void on(DocumentDelivered delivered) {
        notices.record(delivered.account(), NoticeKind.ARRIVED, delivered.uri(), delivered.docName(),
                "v" + delivered.version(), null);
    }

    @ApplicationModuleListener
    void on(DocumentWithdrawn withdrawn) {
        var newest = holders.newest(DocumentUri.parse(withdrawn.uri()));
        int version = newest.map(DocumentHolders.Holding::version).orElse(0);
        String name = newest.map(DocumentHolders.Holding::docName).orElse(withdrawn.uri());
        notices.record(withdrawn.account(), NoticeKind.WITHDRAWN, withdrawn.uri(), name, "v" + version, null);
    }

    /**
     * A revocation or suspension, told to the document's holder while it still stands: one undone before this runs
     * (reinstated, or moved on to the other) is told by its own event, if at all.
     */
    @ApplicationModuleListener(condition = "#changed.status() == 'REVOKED' or #changed.status() == 'SUSPENDED'")
    void on(DocumentStatusChanged changed) {
        NoticeKind kind = "REVOKED".equals(changed.status()) ? NoticeKind.REVOKED : NoticeKind.SUSPENDED;
        holders.newest(DocumentUri.parse(changed.uri()))
                .filter(holding -> holding.account() != null)
                .filter(holding -> holding.status() == DocumentStatus.valueOf(changed.status()))
                .ifPresent(holding -> notices.record(holding.account(), kind, changed.uri(), holding.docName(),
                        "v" + holding.version() + "@" + holding.statusChangedAt().toEpochMilli(), null));
    }

    @ApplicationModuleListener
    void on(AccountDeleted deleted) {
        notices.forget(deleted.account());
    }
}
