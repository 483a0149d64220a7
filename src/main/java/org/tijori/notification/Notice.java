package org.tijori.notification;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One notice in a resident's list.
 *
 * @param uri the document's URI
 * @param validTo the last day of validity, for a reminder
 * @param readAt when the resident marked it read, or null
 */
public record Notice(UUID id, NoticeKind kind, String uri, String docName, LocalDate validTo, Instant createdAt,
        Instant readAt) {

    public boolean unread() {
        return readAt == null;
    }

    /** Whether the document can still be opened from the notice: a withdrawn one is gone from the locker. */
    public boolean linksToDocument() {
        return kind != NoticeKind.WITHDRAWN;
    }
}
