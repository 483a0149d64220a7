package org.tijori.account;

import java.time.Instant;

/**
 * What other modules may know of a resident's account.
 */
public record ResidentAccount(AccountId id, LockerId lockerId, String username, MobileNumber mobile,
        Instant createdAt, boolean deletionScheduled) {
}
