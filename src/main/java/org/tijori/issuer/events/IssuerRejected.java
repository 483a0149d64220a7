package org.tijori.issuer.events;

import org.tijori.issuer.IssuerId;

/**
 * An administrator rejected an issuer's registration.
 */
public record IssuerRejected(IssuerId issuer) {
}
