package org.tijori.account.events;

/**
 * A sign-in attempt was refused. The reason is deliberately coarse: the same for an unknown user
 * and a wrong password.
 *
 * @param username the username that was tried
 * @param method how, e.g. {@code password}
 */
public record SignInFailed(String username, String method) {
}
