package org.tijori.issuer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

import org.springframework.modulith.NamedInterface;

/**
 * An issued document as its resident's locker shows it: the live version, with the names of its
 * issuer and doc type.
 *
 * @param legacySignature whether its issuer signed it with RSA-SHA1 (allowed for that issuer): shown with a warning
 * @param issuerNameHi the issuer's Hindi name, or null
 * @param docTypeNameHi the doc type's Hindi name, or null
 */
@NamedInterface("documents")
public record HeldDocument(DocumentUri uri, int version, String docName, String issuerName, String docTypeName,
        DocumentStatus status, String statusReason, LocalDate issuedOn, LocalDate validFrom, LocalDate validTo,
        Instant deliveredAt, boolean legacySignature, String issuerNameHi, String docTypeNameHi) {

    /** The issuer's name as a reader of this language reads it: in Hindi when the issuer gave one. */
    public String issuerName(Locale locale) {
        return HindiNames.pick(locale, issuerName, issuerNameHi);
    }

    /** The doc type's name as a reader of this language reads it: in Hindi when the issuer gave one. */
    public String docTypeName(Locale locale) {
        return HindiNames.pick(locale, docTypeName, docTypeNameHi);
    }

    /** Where it stands for the resident today: a document past its validity is {@code EXPIRED}. */
    public String standing(LocalDate today) {
        return status.standing(validTo, today);
    }

    /** Valid now and ending within {@code days}. */
    public boolean expiresWithin(LocalDate today, int days) {
        return status == DocumentStatus.ACTIVE && validTo != null && !validTo.isBefore(today)
                && !validTo.isAfter(today.plusDays(days));
    }
}
