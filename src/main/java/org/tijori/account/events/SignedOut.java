package org.tijori.account.events;

/**
 * Someone signed out of this browser.
 *
 * @param account the account ID of a resident, or an administrator's username
 */
public record SignedOut(String account) {
}
