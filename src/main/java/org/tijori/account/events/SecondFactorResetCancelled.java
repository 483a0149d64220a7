package org.tijori.account.events;

/**
 * A resident cancelled a pending reset of the second factor.
 *
 * @param account the resident's account ID
 */
public record SecondFactorResetCancelled(String account) {
}
