package org.tijori.issuer.events;

/**
 * An issuer revoked, suspended or reinstated a document: wherever it is shown, it says so.
 *
 * @param status {@code ACTIVE}, {@code REVOKED} or {@code SUSPENDED}
 */
public record DocumentStatusChanged(String uri, String issuer, String status, String reason) {
}
