package org.tijori.issuer.events;

import org.tijori.issuer.IssuerId;

/**
 * An administrator suspended an issuer: it can no longer publish.
 */
public record IssuerSuspended(IssuerId issuer) {
}
