package org.tijori.account.events;

/**
 * Someone signed in.
 *
 * @param username who signed in
 * @param method how, e.g. {@code password}
 */
public record SignedIn(String username, String method) {
}
