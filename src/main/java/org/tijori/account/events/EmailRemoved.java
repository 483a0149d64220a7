package org.tijori.account.events;

import org.tijori.account.AccountId;

/**
 * A resident removed the e-mail address from the account.
 */
public record EmailRemoved(AccountId account) {
}
