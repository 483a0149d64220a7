package org.tijori.locker.events;

import org.tijori.account.AccountId;

/**
 * A resident downloaded a document from the locker: an uploaded one, named by its ID and its name, or an issued
 * one, named by its URI and the name the issuer gave it (which is what the resident knows it by).
 *
 * @param document an upload's ID; null for an issued document
 * @param name an upload's name, or an issued document's name (null in entries recorded before it was kept)
 * @param uri an issued document's URI; null for an upload
 * @param form {@code original}, {@code pdf} or {@code xml}
 */
public record DocumentDownloaded(AccountId account, String document, String name, String uri, String form) {

    /** An upload downloaded as the resident stored it. */
    public static DocumentDownloaded upload(AccountId account, String document, String name) {
        return new DocumentDownloaded(account, document, name, null, "original");
    }

    /** An issued document downloaded as its PDF or its signed XML. */
    public static DocumentDownloaded issued(AccountId account, String uri, String name, String form) {
        return new DocumentDownloaded(account, null, name, uri, form);
    }
}
