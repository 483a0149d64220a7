package org.tijori.account.events;

/**
 * An administrator account was created.
 *
 * @param username the administrator's username
 * @param origin how it was created, e.g. {@code bootstrap} for the start-up settings
 */
public record AdministratorCreated(String username, String origin) {
}
