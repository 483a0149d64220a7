package org.tijori.signing;

import java.util.Objects;

/**
 * A file {@link SignatureValidation} cannot check: not a PDF, unreadable, encrypted, a signature file that is no
 * signature, one that took too long, or no room to check it now. {@link #getMessage()} says which in a sentence
 * (English); {@link #problem()} is for the caller to answer in the reader's language.
 */
public class UncheckableFileException extends Exception {

    private final Problem problem;

    public UncheckableFileException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }

    /** Why a file cannot be checked. */
    public enum Problem {
        /** No file was given. */
        NO_FILE,
        /** Not a PDF, and no detached signature came with it. */
        NOT_A_PDF,
        /** A PDF that cannot be read. */
        MALFORMED_PDF,
        /** A PDF encrypted with a password. */
        ENCRYPTED_PDF,
        /** The signature file is not a CMS signature ({@code .p7s}). */
        NOT_A_SIGNATURE,
        /** The check took longer than {@code tijori.esign.verify.timeout}. */
        TOO_SLOW,
        /** Every place for a check is taken: try again shortly. */
        BUSY
    }
}
