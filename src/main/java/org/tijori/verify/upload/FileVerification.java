package org.tijori.verify.upload;

import java.util.Objects;

import org.tijori.issuer.VerifiableVersion;
import org.tijori.verify.VerificationReport;

/**
 * What an uploaded file came to: a report, the refusal of the proof a PDF carries (answered as a refused link
 * is), or a file that cannot be verified at all, with the reason in a sentence. Anything but a genuine report
 * counts against the uploader's address as a refused link does.
 */
public sealed interface FileVerification {

    /** Whether the file is what it claims: a genuine proof, or a signature of a registered issuer that holds. */
    boolean genuine();

    /**
     * A report on the file.
     *
     * @param version the version the repository holds, with the resident it belongs to (whose activity shows a
     *                genuine verification), or {@code null} for a Certificate XML the repository does not hold
     */
    record Reported(VerificationReport report, VerifiableVersion version) implements FileVerification {

        public Reported {
            Objects.requireNonNull(report, "report");
        }

        @Override
        public boolean genuine() {
            return Boolean.TRUE.equals(report.proofValid()) || Boolean.TRUE.equals(report.signatureValid());
        }
    }

    /** The PDF carries a link of this installation whose proof was refused: as if the link had been scanned. */
    enum ProofRefused implements FileVerification {
        PROOF_REFUSED;

        @Override
        public boolean genuine() {
            return false;
        }
    }

    /**
     * A file that cannot be verified.
     *
     * @param detail what was wrong, in a sentence (English)
     */
    record Unverifiable(Problem problem, String detail) implements FileVerification {

        public Unverifiable {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean genuine() {
            return false;
        }
    }

    /** Why a file cannot be verified. */
    enum Problem {
        /** No file was sent. */
        NO_FILE,
        /** Neither a PDF nor XML, by its first bytes. */
        UNSUPPORTED_FILE,
        /** XML that is not well-formed, or too large or complex to read. */
        MALFORMED_XML,
        /** XML that declares a document type, which could define entities or fetch files. */
        XML_DOCTYPE,
        /** A PDF that cannot be read. */
        MALFORMED_PDF,
        /** Well-formed XML whose root is not a {@code Certificate}. */
        NOT_A_CERTIFICATE,
        /** A PDF that carries no link of this installation and was not drawn by Tijori. */
        NOT_A_TIJORI_PDF,
        /** An encrypted PDF: Tijori never encrypts the PDFs it draws. */
        ENCRYPTED_PDF,
        /** A PDF Tijori drew before its documents carried proofs. */
        RENDERED_BEFORE_PROOFS
    }
}
