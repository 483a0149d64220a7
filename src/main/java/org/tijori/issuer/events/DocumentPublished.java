package org.tijori.issuer.events;

/**
 * An issuer published a document into the repository: a new one ({@code A}), a new version
 * ({@code U}) or a deletion ({@code D}).
 *
 * @param uri the document's URI
 * @param delivery {@code locker} when it reached a resident's locker, {@code parked} when it waits for
 *                 its national ID to be linked, {@code removed} for a deletion
 */
public record DocumentPublished(String uri, String issuer, int version, String action, String delivery) {
}
