package org.tijori.account.events;

/**
 * A recovery code signed someone in; it cannot be used again.
 *
 * @param account the account ID of a resident, or an administrator's username
 * @param remaining how many unused codes are left
 */
public record RecoveryCodeUsed(String account, int remaining) {
}
