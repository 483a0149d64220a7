package org.tijori.issuer.events;

import org.tijori.issuer.IssuerId;

/**
 * An administrator allowed an issuer's RSA-SHA1 signatures (a legacy signing system), or withdrew that.
 */
public record IssuerLegacySignaturesChanged(IssuerId issuer, boolean rsaSha1Allowed) {
}
