package org.tijori.issuer;

import java.time.Instant;

import org.springframework.modulith.NamedInterface;

/**
 * An issued document as a requester's list shows it (ADR 23, DigiLocker's {@code files/issued}): the live version,
 * with what its issuer and doc type are called and which forms of it Tijori holds.
 *
 * @param docName the document's name
 * @param issuerName the issuer's name
 * @param docTypeName the doc type's name, or its code when the issuer did not register it
 * @param hasXml whether Tijori holds its signed Certificate XML
 * @param hasPdf whether a PDF of it can be handed out: the issuer's own, or one drawn from the XML
 * @param modifiedAt when it last changed in the repository: published, or its status changed
 */
@NamedInterface("documents")
public record ListedDocument(DocumentUri uri, String docName, String issuerName, String docTypeName, boolean hasXml,
        boolean hasPdf, Instant modifiedAt) {

    public IssuerId issuer() {
        return uri.issuer();
    }

    public DocTypeCode docType() {
        return uri.docType();
    }
}
