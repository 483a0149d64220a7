package org.tijori.issuer;

import java.time.Instant;
import java.time.LocalDate;

import org.springframework.modulith.NamedInterface;

/**
 * An issued document as its resident's locker shows it: the live version, with the names of its
 * issuer and doc type.
 *
 * @param legacySignature whether its issuer signed it with RSA-SHA1 (allowed for that issuer): shown with a warning
 */
@NamedInterface("documents")
public record HeldDocument(DocumentUri uri, int version, String docName, String issuerName, String docTypeName,
        DocumentStatus status, String statusReason, LocalDate issuedOn, LocalDate validFrom, LocalDate validTo,
        Instant deliveredAt, boolean legacySignature) {

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
