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
 */
public record IssuerSummary(IssuerId issuerId, String name, String category, String contactEmail,
        IssuerStatus status, List<String> docTypes, Instant registeredAt, Instant statusChangedAt,
        boolean rsaSha1Allowed, PullHmacEncoding pullHmacEncoding) {
}
