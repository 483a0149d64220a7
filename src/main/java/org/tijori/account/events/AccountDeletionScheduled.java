package org.tijori.account.events;

import org.tijori.account.AccountId;

/**
 * A resident asked for the account to be deleted; its data goes at {@code removalAt}.
 */
public record AccountDeletionScheduled(AccountId account, java.time.Instant removalAt) {
}
