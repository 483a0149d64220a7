package org.tijori.account.events;

/**
 * A second factor was refused: a wrong or reused code, or too many tries.
 *
 * @param account the account ID of a resident, or an administrator's username
 * @param factor {@code totp} or {@code recovery-code}
 * @param reason {@code rejected} or {@code throttled}
 */
public record SecondFactorFailed(String account, String factor, String reason) {
}
