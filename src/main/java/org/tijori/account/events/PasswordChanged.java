package org.tijori.account.events;

import org.tijori.account.AccountId;

/**
 * A resident changed the password; other sessions were ended.
 */
public record PasswordChanged(AccountId account) {
}
