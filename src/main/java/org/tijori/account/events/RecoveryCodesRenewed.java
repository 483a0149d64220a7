package org.tijori.account.events;

/**
 * New recovery codes were made for an account; the old ones stopped working.
 *
 * @param account the account ID of a resident, or an administrator's username
 */
public record RecoveryCodesRenewed(String account) {
}
