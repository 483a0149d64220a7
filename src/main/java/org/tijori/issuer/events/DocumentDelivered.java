package org.tijori.issuer.events;

import org.tijori.account.AccountId;

/**
 * An issued document reached a resident's locker: at once, or when the resident linked the national
 * ID it was parked under.
 */
public record DocumentDelivered(AccountId account, String uri, int version, String issuer, String docName) {
}
