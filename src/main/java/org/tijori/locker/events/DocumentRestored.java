package org.tijori.locker.events;

import org.tijori.account.AccountId;

/**
 * A resident took an uploaded document back out of the recycle bin.
 */
public record DocumentRestored(AccountId account, String document, String name) {
}
