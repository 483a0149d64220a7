package org.tijori.locker.events;

import org.tijori.account.AccountId;

/**
 * A resident downloaded a document from the locker: an uploaded one (by its ID) or an issued one
 * (by its URI).
 *
 * @param name what the resident knows it by: an upload's name, an issued document's URI
 * @param form {@code original}, {@code pdf} or {@code xml}
 */
public record DocumentDownloaded(AccountId account, String document, String name, String form) {
}
