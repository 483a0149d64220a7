package org.tijori.signing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SignatureValidation} found in a file: each signature, in the order the file holds them. A file
 * without any is {@code signed() == false}.
 *
 * @param kind whether a PDF's own signatures or a detached CMS signature ({@code .p7s}) over another file were
 *             checked
 * @param signatures every signature found, none for an unsigned PDF
 */
public record SignedFileReport(Kind kind, List<Signature> signatures) {

    public SignedFileReport {
        Objects.requireNonNull(kind, "kind");
        signatures = List.copyOf(signatures);
    }

    /** Whether the file carries a signature at all. */
    public boolean signed() {
        return !signatures.isEmpty();
    }

    /** What was checked. */
    public enum Kind {
        /** A PDF's signatures (PAdES, or plain PKCS #7 in a PDF). */
        PDF,
        /** A detached CMS signature (CAdES, {@code .p7s}) over the file uploaded beside it. */
        DETACHED
    }

    /**
     * One signature.
     *
     * @param signer who the signer's certificate names (its subject's common name), or {@code null} when the
     *               signature names no certificate
     * @param signerSerialNumber the certificate subject's {@code serialNumber} (Tijori puts the locker ID there),
     *                           or {@code null}
     * @param signerPseudonym the certificate subject's {@code pseudonym}, or {@code null}
     * @param signedAt the signing time the signer claims (not proven: see {@code timestamp}), or {@code null}
     * @param timestamp the first signature time-stamp, or {@code null} when there is none
     * @param intact whether the signed bytes are exactly those the signature was made over, and the signature
     *               value verifies with the signer's key
     * @param afterSigning what happened to the file after this signature was made
     * @param chain whom the signer's certificate chains to
     * @param indication DSS's overall indication: {@code TOTAL_PASSED}, {@code INDETERMINATE} or
     *                   {@code TOTAL_FAILED}
     * @param subIndication DSS's sub-indication (ETSI EN 319 102-1), or {@code null}
     * @param explanation what the outcome means, for a reader who is no expert (a message to show)
     */
    public record Signature(String signer, String signerSerialNumber, String signerPseudonym, Instant signedAt,
            Timestamp timestamp, boolean intact, AfterSigning afterSigning, Chain chain, String indication,
            String subIndication, Explanation explanation) {

        public Signature {
            Objects.requireNonNull(afterSigning, "afterSigning");
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(indication, "indication");
            Objects.requireNonNull(explanation, "explanation");
        }

        /** Whether what the file holds now differs from what was signed. */
        public boolean changedAfter() {
            return !intact || afterSigning == AfterSigning.CHANGED;
        }
    }

    /**
     * A time-stamp over a signature: a time-stamping authority's proof that the signature existed then.
     *
     * @param at when the authority says the signature existed
     * @param valid whether the time-stamp's own signature verifies and it covers this very signature
     * @param trusted whether the time-stamping authority chains to a trusted certificate
     */
    public record Timestamp(Instant at, boolean valid, boolean trusted) {

        public Timestamp {
            Objects.requireNonNull(at, "at");
        }
    }

    /** What happened to the file after a signature was made. */
    public enum AfterSigning {
        /** Nothing: the signature covers the whole file (or the file beside a detached signature). */
        UNCHANGED,
        /** Only further signatures, time-stamps or their validation data were added later (incremental updates). */
        SIGNED_AGAIN,
        /** The file was changed after signing: content, annotations or form fields, beyond adding signatures. */
        CHANGED
    }

    /** Whom a signer's certificate chains to. */
    public enum Chain {
        /** Tijori's own e-sign certification authority. */
        TIJORI,
        /** Another certification authority this installation trusts ({@code tijori.esign.trusted-roots}). */
        OTHER_TRUSTED,
        /** No authority this installation trusts: anyone could have made the certificate, under any name. */
        UNKNOWN
    }

    /**
     * The outcome in words a non-expert understands; each has a message {@code esign.verify.explanation.<name>}
     * (its key in lower camel case, see {@link #messageKey()}).
     */
    public enum Explanation {
        /** Valid, by a certificate of Tijori's CA, and the file is unchanged since. */
        VALID,
        /** Valid, by a certificate of another trusted CA. */
        VALID_OTHER_CA,
        /** The signature was valid, but the file was changed after signing. */
        CHANGED_AFTER_SIGNING,
        /** The signed bytes changed, or the signature value is wrong. */
        BROKEN,
        /** Intact, but the signer's certificate chains to no authority this installation trusts. */
        UNKNOWN_SIGNER,
        /** The signer's certificate was revoked. */
        REVOKED,
        /** The signer's certificate expired (or was not yet valid) with no time-stamp proving an earlier signing. */
        EXPIRED,
        /** Whether the signer's certificate was withdrawn cannot be told from what the file carries. */
        REVOCATION_UNKNOWN,
        /** Made with an algorithm or key too weak to rely on. */
        WEAK_ALGORITHM,
        /** The signature is malformed or does not follow the format it claims. */
        MALFORMED,
        /** Any other outcome that is not a pass. */
        NOT_CONFIRMED;

        /** The message key of this explanation. */
        public String messageKey() {
            String[] words = name().toLowerCase(java.util.Locale.ROOT).split("_");
            StringBuilder key = new StringBuilder("esign.verify.explanation.").append(words[0]);
            for (int i = 1; i < words.length; i++) {
                key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            return key.toString();
        }
    }
}
