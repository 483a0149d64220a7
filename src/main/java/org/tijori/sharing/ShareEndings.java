package org.tijori.sharing;

import org.tijori.account.events.AccountDeleted;
import org.tijori.account.events.AccountDeletionScheduled;
import org.tijori.locker.UploadId;
import org.tijori.locker.events.DocumentDeleted;

import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Shares end with what they share: deleting an upload ends the shares that open it (the recycle bin too, so that a
 * restored document does not quietly open again), closing an account ends all of its shares, and a deleted account
 * takes them with it.
 */
@Component
class ShareEndings {

    private final DocumentSharing sharing;

    ShareEndings(DocumentSharing sharing) {
        this.sharing = sharing;
    }

    /**
     * In the deleting thread and transaction (the locker deletes without one when it moves a document to the bin),
     * so that no share outlives its document by a moment.
     */
    @EventListener
    void on(DocumentDeleted deleted) {
        UploadId.parse(deleted.document()).ifPresent(id -> sharing.endSharesOf(deleted.account(),
                SharedDocument.Kind.UPLOADED, id.toString(), "document-deleted"));
    }

    @ApplicationModuleListener
    void on(AccountDeletionScheduled scheduled) {
        sharing.endAllSharesOf(scheduled.account(), "account-closed");
    }

    @ApplicationModuleListener
    void on(AccountDeleted deleted) {
        sharing.forget(deleted.account());
    }
}
