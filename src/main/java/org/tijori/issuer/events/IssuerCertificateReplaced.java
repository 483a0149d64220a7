package org.tijori.issuer.events;

import org.tijori.issuer.IssuerId;

/**
 * An issuer registered a new signing certificate; what the old one signed stays verifiable.
 */
public record IssuerCertificateReplaced(IssuerId issuer, String fingerprint) {
}
