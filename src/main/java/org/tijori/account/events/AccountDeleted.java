package org.tijori.account.events;

import org.tijori.account.AccountId;

/**
 * A resident's account is gone; every module removes what it kept for it.
 */
public record AccountDeleted(AccountId account) {
}
