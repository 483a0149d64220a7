package org.tijori.verify;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.tijori.issuer.HindiNames;

/**
 * The live status of a verified document, as API.md section 6 words it: {@code holder} as the proof carries it
 * (the name Tijori printed) or as the uploaded Certificate XML names it, everything else read from the repository
 * at {@code checkedAt}. An uploaded file the repository does not hold has no status: only what its signature
 * says, if anything.
 *
 * @param uri the document's URI, or {@code null} for an uploaded file the repository does not hold
 * @param issuer the issuer, or {@code null} when an uploaded file's signature is not a registered issuer's
 * @param docType the doc type; for a file not held, only its code, as the signed file states it
 * @param status {@code ACTIVE}, {@code REVOKED}, {@code SUSPENDED}, {@code EXPIRED} or {@code SUPERSEDED};
 *               {@code null} for an uploaded file the repository does not hold
 * @param validUntil the last day the document is valid, or {@code null} when it does not end
 * @param signatureValid whether the issuer's XML signature holds for this version: for a link, checked against
 *                       the issuer's registered certificate when the repository took it, and the proof's
 *                       {@code sha256} is the stored XML's; for an uploaded XML, checked again on the file;
 *                       {@code null} for a URI pushed without Certificate XML
 * @param legacySignature {@code true} when the issuer signed with RSA-SHA1; left out otherwise
 * @param proofValid {@code true} for a link or PDF (a proof that is not Tijori's is never answered with a report);
 *                   {@code null} for an uploaded XML, which carries no proof
 * @param version the version the proof is for, or the uploaded XML is; {@code null} for a file not held
 * @param supersededBy the live version that took its place, only when {@code SUPERSEDED}
 * @param held for an uploaded XML only: whether the repository holds these very bytes; left out for a link
 */
@JsonPropertyOrder({ "uri", "issuer", "docType", "holder", "status", "issuedOn", "validUntil", "signatureValid",
        "legacySignature", "proofValid", "held", "checkedAt", "version", "supersededBy" })
public record VerificationReport(String uri, Issuer issuer, DocType docType, String holder, String status,
        LocalDate issuedOn, LocalDate validUntil, Boolean signatureValid,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean legacySignature, Boolean proofValid, Instant checkedAt,
        Integer version, @JsonInclude(JsonInclude.Include.NON_NULL) Supersession supersededBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean held) {

    /** Whether the document counts today: the one status a verifier may accept. */
    public boolean active() {
        return "ACTIVE".equals(status);
    }

    /**
     * @param id the Issuer ID, as in the URI
     * @param nameHi its Hindi name; left out when it gave none
     */
    public record Issuer(String id, String name, @JsonInclude(JsonInclude.Include.NON_NULL) String nameHi) {

        /** The name as a reader of this language reads it: in Hindi when the issuer gave one. */
        public String name(Locale locale) {
            return HindiNames.pick(locale, name, nameHi);
        }
    }

    /**
     * @param code the doc type code, as in the URI
     * @param nameHi its Hindi name; left out when the issuer gave none
     */
    public record DocType(String code, String name, @JsonInclude(JsonInclude.Include.NON_NULL) String nameHi) {

        /** The name as a reader of this language reads it: in Hindi when the issuer gave one. */
        public String name(Locale locale) {
            return HindiNames.pick(locale, name, nameHi);
        }
    }

    /** @param version the URI's live version now */
    public record Supersession(int version) {
    }
}
