package org.tijori.verify;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

import org.tijori.issuer.VerifiableDocuments;
import org.tijori.issuer.VerifiableVersion;
import org.tijori.verify.activity.VerificationActivity;
import org.tijori.verify.proof.ProofCheck;
import org.tijori.verify.proof.ProofClaims;
import org.tijori.verify.proof.ProofOutcome;

import org.springframework.stereotype.Service;

/**
 * Verifies a link behind a QR code (ADR 22, "Online status" and "No enumeration"): the proof is checked first,
 * and only a genuine proof of this installation for the link's URI leads to the repository, read on every call
 * so that an issuer's revocation shows at the next scan. Everything else is the one {@link VerificationOutcome.Refused},
 * so that nobody learns which URIs exist by guessing them.
 */
@Service
public class DocumentVerification {

    /** Validity is about Indian dates: a document valid to 1 March is valid all that day in India. */
    static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private final ProofCheck proofs;

    private final VerifiableDocuments documents;

    private final VerificationActivity activity;

    private final Clock clock;

    DocumentVerification(ProofCheck proofs, VerifiableDocuments documents, VerificationActivity activity,
            Clock clock) {
        this.proofs = proofs;
        this.documents = documents;
        this.activity = activity;
        this.clock = clock;
    }

    /**
     * Checks a link and, when it is genuine, tells the document's holder that it was verified.
     *
     * @param uri the document URI of the link, as the client sent it (not trusted, not yet parsed)
     * @param proof the link's {@code p}, or {@code null}
     * @param how how the link reached Tijori: scanned or typed ({@code ONLINE}), or read from an uploaded file
     * @param clientAddress the verifier's address, for the holder's activity (never stored in clear)
     */
    public VerificationOutcome check(String uri, String proof, VerificationActivity.How how, String clientAddress) {
        if (!(proofs.check(uri, proof) instanceof ProofOutcome.Verified verified)) {
            return VerificationOutcome.Refused.REFUSED;
        }
        ProofClaims claims = verified.claims();
        Optional<VerifiableVersion> found = documents.version(claims.uri(), claims.ver());
        // A proof of ours for a version the repository never held, or for other content than the version's XML,
        // was not made by this repository's documents: it is refused as a forged one is.
        if (found.isEmpty() || !Objects.equals(found.get().xmlSha256(), claims.xmlSha256Hex())) {
            return VerificationOutcome.Refused.REFUSED;
        }
        VerifiableVersion version = found.get();
        if (version.holder() != null) {
            activity.verified(version.holder(), claims.uri().toString(), version.version(), how, clientAddress);
        }
        return new VerificationOutcome.Verified(report(version, claims.holder(),
                version.xmlSha256() == null ? null : Boolean.TRUE, version.legacySignature(), true, null), version);
    }

    /**
     * The report on a version of the repository, found by a proof or by an uploaded file's content, its status by
     * the rules of ADR 22: a live version's own status ({@code EXPIRED} once its validity has ended in India); a
     * history version {@code SUPERSEDED} when the URI has a newer live version, else {@code REVOKED}.
     *
     * @param proofValid {@code true} for a proof, {@code null} for a file that carries none
     * @param held for an uploaded file, whether the repository holds it; {@code null} for a link
     */
    public VerificationReport report(VerifiableVersion version, String holder, Boolean signatureValid,
            boolean legacySignature, Boolean proofValid, Boolean held) {
        LocalDate today = LocalDate.now(clock.withZone(INDIA));
        Integer live = version.liveVersion();
        String status;
        VerificationReport.Supersession supersededBy = null;
        if (version.status().isLive()) {
            status = version.status().standing(version.validTo(), today);
        }
        else if (live != null && live > version.version()) {
            status = "SUPERSEDED";
            supersededBy = new VerificationReport.Supersession(live);
        }
        else {
            // Deleted, and nothing took its place (ADR 22, open question 1): it no longer counts.
            status = "REVOKED";
        }
        return new VerificationReport(version.uri().toString(),
                new VerificationReport.Issuer(version.uri().issuer().value(), version.issuerName(),
                        version.issuerNameHi()),
                new VerificationReport.DocType(version.uri().docType().value(), version.docTypeName(),
                        version.docTypeNameHi()),
                holder, status, version.issuedOn(), version.validTo(), signatureValid,
                legacySignature ? Boolean.TRUE : null, proofValid, clock.instant(), version.version(), supersededBy,
                held);
    }
}
