package org.tijori.gateway.consent;

import org.tijori.account.events.AccountDeleted;
import org.tijori.account.events.AccountDeletionScheduled;
import org.tijori.gateway.Consents;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * A resident leaving Tijori (ADR 23, "Activity"): when the deletion is scheduled, every consent ends
 * ({@code ACCOUNT}) and with it every token; when the account is deleted, its consents, receipts and authorizations
 * go with it.
 */
@Component
class LeavingAccounts {

    private final Consents consents;

    LeavingAccounts(Consents consents) {
        this.consents = consents;
    }

    @ApplicationModuleListener
    void on(AccountDeletionScheduled scheduled) {
        consents.endAll(scheduled.account());
    }

    @ApplicationModuleListener
    void on(AccountDeleted deleted) {
        consents.forget(deleted.account());
    }
}
