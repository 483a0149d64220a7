package org.tijori.gateway.requester;

import org.tijori.gateway.RequesterId;

/**
 * What an approved requester authenticates with: shown once, when issued, and never again.
 *
 * @param clientSecret the secret of client authentication, of the portal's sign-in, and the key of DigiLocker's
 *                     HMACs; redacted in {@link #toString()}
 */
public record RequesterCredentials(RequesterId requesterId, String clientId, String clientSecret) {

    @Override
    public String toString() {
        return "RequesterCredentials[requesterId=" + requesterId + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
