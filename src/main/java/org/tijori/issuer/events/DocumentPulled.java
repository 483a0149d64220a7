package org.tijori.issuer.events;

import org.tijori.account.AccountId;

/**
 * A resident searched an issuer for a document (Pull URI).
 *
 * @param outcome {@code found}, {@code not-found}, {@code pending} or {@code failed:<reason>}
 * @param uri the document's URI when found, else null
 */
public record DocumentPulled(AccountId account, String issuer, String docType, String outcome, String uri) {
}
