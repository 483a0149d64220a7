package org.tijori.issuer.registration;

import java.time.Instant;
import java.util.List;

import org.tijori.issuer.IssuerId;

/**
 * An issuer as administrators see it in the list of issuers.
 *
 * @param docTypes the codes of its document types, in order
 * @param rsaSha1Allowed whether an administrator allowed its RSA-SHA1 signatures (a legacy signing system)
 * @param pullHmacEncoding how Tijori's Pull URI requests to it carry their HMAC
 * @param certificate the signing certificate its new documents need, for the administrator to compare with what
 *                    the issuer says it is before approving; null if it has none
 * @param state the code of the state or union territory it serves ({@link StateOrTerritory}), or null
 * @param nameHi its Hindi name, or null
 */
public record IssuerSummary(IssuerId issuerId, String name, String category, String contactEmail,
        IssuerStatus status, List<String> docTypes, Instant registeredAt, Instant statusChangedAt,
        boolean rsaSha1Allowed, PullHmacEncoding pullHmacEncoding, SigningCertificate certificate, String state,
        String nameHi) {

    /**
     * What an administrator checks of a signing certificate.
     *
     * @param sha256Fingerprint the SHA-256 of its DER encoding, as 64 lowercase hex digits
     * @param notAfter the end of its validity
     */
    public record SigningCertificate(String subject, String sha256Fingerprint, Instant notAfter) {
    }
}
