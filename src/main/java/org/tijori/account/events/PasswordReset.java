package org.tijori.account.events;

import org.tijori.account.AccountId;

/**
 * A resident reset a forgotten password after proving the mobile number.
 */
public record PasswordReset(AccountId account) {
}
