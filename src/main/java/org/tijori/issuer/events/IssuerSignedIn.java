package org.tijori.issuer.events;

import org.tijori.issuer.IssuerId;

/**
 * An issuer signed in to its portal with its client ID and client secret.
 */
public record IssuerSignedIn(IssuerId issuer) {
}
