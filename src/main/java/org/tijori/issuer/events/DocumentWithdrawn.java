package org.tijori.issuer.events;

import org.tijori.account.AccountId;

/** An issuer deleted a document that was in a resident's locker: it is gone from there. */
public record DocumentWithdrawn(AccountId account, String uri, String issuer) {
}
