package org.tijori.gateway.events;

/**
 * A sign-in to the requester portal failed: an unknown client ID, a wrong secret, or a requester not approved,
 * all alike.
 *
 * @param clientId the client ID as typed (upper-cased, at most 64 characters), or empty
 */
public record RequesterSignInFailed(String clientId) {
}
