package org.tijori.issuer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.modulith.NamedInterface;

/**
 * One version of a document in the repository.
 *
 * @param signer the subject of the certificate that signed its Certificate XML
 * @param legacySignature whether that signature uses RSA-SHA1, accepted because an administrator allowed it
 *        for the issuer: to be shown with a warning
 */
@NamedInterface("documents")
public record IssuedDocument(UUID id, DocumentUri uri, int version, String docName, DocumentStatus status,
        LocalDate issuedOn, LocalDate validFrom, LocalDate validTo, String signer, boolean legacySignature, boolean hasPdf,
        Instant publishedAt, Instant deliveredAt) {
}
