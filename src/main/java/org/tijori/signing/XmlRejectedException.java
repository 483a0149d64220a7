package org.tijori.signing;

/**
 * Untrusted XML was refused before or while it was parsed; nothing of it was read into a document.
 */
public class XmlRejectedException extends RuntimeException {

    /** Why the XML was refused. */
    public enum Reason {
        /** It is larger than allowed; it was refused before parsing. */
        TOO_LARGE,
        /** It declares a document type (DTD), which could define entities or fetch external files. */
        DTD,
        /** It is not well-formed XML. */
        MALFORMED,
        /**
         * It holds more elements, deeper nesting or more attributes on one element than allowed; it was
         * refused while it was counted, before a document was built.
         */
        TOO_COMPLEX
    }

    private final Reason reason;

    XmlRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    XmlRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
