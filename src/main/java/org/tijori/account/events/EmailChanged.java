package org.tijori.account.events;

import org.tijori.account.AccountId;
import org.tijori.account.EmailAddress;

/**
 * A resident proved an e-mail address with the code sent to it, and it is now the account's.
 */
public record EmailChanged(AccountId account, EmailAddress newEmail) {
}
