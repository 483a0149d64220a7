package org.tijori.account.events;

import org.tijori.account.AccountId;
import org.tijori.account.EmailAddress;

/**
 * A code was sent to an e-mail address a resident wants on the account.
 */
public record EmailCodeSent(AccountId account, EmailAddress to) {
}
