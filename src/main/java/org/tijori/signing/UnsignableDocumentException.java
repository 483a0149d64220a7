package org.tijori.signing;

import java.util.Objects;

/**
 * A file that Tijori will not sign, and why: the message is plain English for the log; a page or an API chooses
 * its own words from {@link #reason()} (each a refusal of the file, a 4xx answer). Nothing was signed.
 */
public class UnsignableDocumentException extends RuntimeException {

    /** Why a file is not signed. */
    public enum Reason {
        /** The file is larger than a signed file may be. */
        TOO_LARGE,
        /** The bytes are not a PDF, or a PDF too damaged to read. */
        NOT_A_PDF,
        /** The bytes are not a JPEG or PNG image. */
        NOT_AN_IMAGE,
        /** The PDF is encrypted: it needs a password, or carries restrictions that signing would have to keep. */
        ENCRYPTED,
        /** The PDF was certified by its author with no changes allowed, so a signature would break that. */
        LOCKED,
        /** The PDF has more pages than a signed PDF may have. */
        TOO_MANY_PAGES,
        /** The visible signature's page does not exist or its box lies outside the page. */
        BAD_PLACEMENT,
        /** Signing took longer than it may. */
        TOO_SLOW
    }

    private final Reason reason;

    UnsignableDocumentException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    UnsignableDocumentException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the file was refused. */
    public Reason reason() {
        return reason;
    }
}
