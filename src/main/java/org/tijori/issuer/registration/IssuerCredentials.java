package org.tijori.issuer.registration;

import org.tijori.issuer.IssuerId;

/**
 * What an approved issuer authenticates with: shown once, when issued, and never again.
 *
 * @param clientSecret the key of the {@code x-digilocker-hmac} over every pushed body and of the HMAC that signs
 *                     Tijori's own issuer requests (API.md 4.5)
 * @param apiKey hashed with each request's timestamp into its {@code keyhash}, and the key of the
 *               {@code x-digilocker-hmac} of Tijori's Pull URI requests; null when the issuer chose its own at
 *               registration, which Tijori does not show back
 */
public record IssuerCredentials(IssuerId issuerId, String clientId, String clientSecret, String apiKey) {

    @Override
    public String toString() {
        return "IssuerCredentials[issuerId=" + issuerId + ", clientId=" + clientId + ", clientSecret=***, apiKey=***]";
    }
}
