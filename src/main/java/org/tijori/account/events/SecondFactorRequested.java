package org.tijori.account.events;

/**
 * A first factor was proven for an account that needs a second one; the session waits for it.
 *
 * @param account the account ID of a resident, or an administrator's username
 * @param firstFactor how the first factor was proven, e.g. {@code password}
 * @param enrolment true when an administrator without a second factor must first set one up
 */
public record SecondFactorRequested(String account, String firstFactor, boolean enrolment) {
}
