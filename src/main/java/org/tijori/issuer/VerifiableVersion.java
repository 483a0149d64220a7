package org.tijori.issuer;

import java.time.LocalDate;

import org.tijori.account.AccountId;

import org.springframework.modulith.NamedInterface;

/**
 * One version of a document as a verifier may learn of it, once a genuine proof names it: what the
 * repository says of it now, read on every check so that a revocation shows at the next scan.
 *
 * @param docTypeName the name of the doc type as the issuer registered it (the document's own name if the doc
 *                    type is gone)
 * @param status the version's status now; {@link DocumentStatus#SUPERSEDED} or {@link DocumentStatus#DELETED}
 *               for a version that is history
 * @param xmlSha256 the hex SHA-256 of the Certificate XML as issued, or {@code null} for a URI pushed without it
 * @param legacySignature whether the issuer signed that XML with RSA-SHA1
 * @param holder the resident who holds it, or {@code null} while it is parked for a national ID
 * @param liveVersion the URI's live version now (this one or a newer one), or {@code null} when it has none
 * @param issuerNameHi the issuer's Hindi name, or null
 * @param docTypeNameHi the doc type's Hindi name, or null
 */
@NamedInterface("documents")
public record VerifiableVersion(DocumentUri uri, int version, String issuerName, String docTypeName,
        DocumentStatus status, LocalDate issuedOn, LocalDate validTo, String xmlSha256, boolean legacySignature,
        AccountId holder, Integer liveVersion, String issuerNameHi, String docTypeNameHi) {
}
