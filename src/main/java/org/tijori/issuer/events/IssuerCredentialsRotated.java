package org.tijori.issuer.events;

import org.tijori.issuer.IssuerId;

/**
 * An issuer's client secret and API key were replaced; the old ones no longer work.
 */
public record IssuerCredentialsRotated(IssuerId issuer, String clientId) {
}
