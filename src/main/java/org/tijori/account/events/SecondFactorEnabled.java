package org.tijori.account.events;

/**
 * A second factor was added to an account.
 *
 * @param account the account ID of a resident, or an administrator's username
 * @param factor {@code totp} or {@code passkey}
 */
public record SecondFactorEnabled(String account, String factor) {
}
