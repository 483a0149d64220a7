package org.tijori.issuer.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.pull.ResidentField;
import org.tijori.issuer.registration.IssuerRegistration.SearchParameter;
import org.tijori.issuer.registration.IssuerStatus;

/**
 * What an issuer sees in its portal: itself, its doc types, its most recent publications and the pushes
 * that were refused, newest first.
 *
 * @param certificateFingerprint the SHA-256 fingerprint of the signing certificate new documents need
 * @param rsaSha1Allowed whether an administrator allowed its RSA-SHA1 signatures (a legacy signing system)
 * @param nameHi its Hindi name, or null
 */
public record IssuerOverview(IssuerId issuerId, String name, IssuerStatus status, String clientId,
        String certificateFingerprint, LocalDate certificateExpires, boolean rsaSha1Allowed, List<DocType> docTypes,
        List<Publication> publications, List<RefusedPush> refusedPushes, String nameHi) {

    /** The name as a reader of this language reads it: in Hindi when the issuer gave one. */
    public String name(java.util.Locale locale) {
        return org.tijori.issuer.HindiNames.pick(locale, name, nameHi);
    }

    /**
     * A doc type as its issuer registered it.
     *
     * @param residentFields the resident's details its searches send to the issuer, besides the parameters
     * @param nameHi its Hindi name, or null
     */
    public record DocType(String code, String name, String description, List<SearchParameter> searchParameters,
            List<ResidentField> residentFields, String nameHi) {

        /** The name as a reader of this language reads it. */
        public String name(java.util.Locale locale) {
            return org.tijori.issuer.HindiNames.pick(locale, name, nameHi);
        }
    }

    /**
     * One version of a published document.
     *
     * @param delivered whether it reached a locker; otherwise it waits for its national ID to be linked
     */
    public record Publication(String uri, int version, String docName, DocumentStatus status, Instant publishedAt,
            boolean delivered) {
    }

    public record RefusedPush(String code, String reason, String txn, String uri, Instant refusedAt) {
    }
}
