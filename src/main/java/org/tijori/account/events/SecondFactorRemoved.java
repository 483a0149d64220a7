package org.tijori.account.events;

/**
 * A second factor was removed from an account by its owner.
 *
 * @param account the account ID of a resident, or an administrator's username
 * @param factor {@code totp} or {@code passkey}
 */
public record SecondFactorRemoved(String account, String factor) {
}
