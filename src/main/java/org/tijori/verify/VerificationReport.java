package org.tijori.verify;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The live status of a verified document, as API.md section 6 words it: {@code holder} as the proof carries it
 * (the name Tijori printed), everything else read from the repository at {@code checkedAt}.
 *
 * @param status {@code ACTIVE}, {@code REVOKED}, {@code SUSPENDED}, {@code EXPIRED} or {@code SUPERSEDED}
 * @param validUntil the last day the document is valid, or {@code null} when it does not end
 * @param signatureValid whether the issuer's XML signature holds for this version: checked against the issuer's
 *                       registered certificate when the repository took it, and the proof's {@code sha256} is the
 *                       stored XML's; {@code null} for a URI pushed without Certificate XML
 * @param legacySignature {@code true} when the issuer signed with RSA-SHA1; left out otherwise
 * @param proofValid always {@code true}: a proof that is not Tijori's is never answered with a report
 * @param version the version the proof is for
 * @param supersededBy the live version that took its place, only when {@code SUPERSEDED}
 */
@JsonPropertyOrder({ "uri", "issuer", "docType", "holder", "status", "issuedOn", "validUntil", "signatureValid",
        "legacySignature", "proofValid", "checkedAt", "version", "supersededBy" })
public record VerificationReport(String uri, Issuer issuer, DocType docType, String holder, String status,
        LocalDate issuedOn, LocalDate validUntil, Boolean signatureValid,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean legacySignature, boolean proofValid, Instant checkedAt,
        int version, @JsonInclude(JsonInclude.Include.NON_NULL) Supersession supersededBy) {

    /** Whether the document counts today: the one status a verifier may accept. */
    public boolean active() {
        return "ACTIVE".equals(status);
    }

    /** @param id the Issuer ID, as in the URI */
    public record Issuer(String id, String name) {
    }

    /** @param code the doc type code, as in the URI */
    public record DocType(String code, String name) {
    }

    /** @param version the URI's live version now */
    public record Supersession(int version) {
    }
}
