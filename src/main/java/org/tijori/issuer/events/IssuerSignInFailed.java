package org.tijori.issuer.events;

/**
 * A sign-in to the issuer portal failed: an unknown client ID, a wrong secret, or an issuer that is not
 * approved. The secret that was tried is not kept.
 *
 * @param clientId the client ID as typed, cut to 64 characters
 */
public record IssuerSignInFailed(String clientId) {
}
