package org.tijori.account.events;

import org.tijori.account.AccountId;
import org.tijori.account.LockerId;

/**
 * A resident created a locker.
 */
public record ResidentSignedUp(AccountId account, LockerId locker) {
}
