package org.tijori.sharing;

/**
 * A PDF that {@link StampedCopies} will not stamp, and why: the message is plain English for the log; a page
 * chooses its own words from {@link #reason()}.
 */
class UnstampablePdfException extends RuntimeException {

    /** Why a PDF is not stamped. */
    enum Reason {
        /** The file is larger than a stamped copy may be made of. */
        TOO_LARGE,
        /** The bytes are not a PDF, or a PDF too damaged to read. */
        NOT_A_PDF,
        /** The PDF needs a password to be opened. */
        ENCRYPTED,
        /** The PDF has more pages than a stamped copy may have. */
        TOO_MANY_PAGES,
        /** Stamping took longer than it may. */
        TOO_SLOW
    }

    private final Reason reason;

    UnstampablePdfException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    UnstampablePdfException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
