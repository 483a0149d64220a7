package org.tijori.sharing;

/**
 * A share the resident asked for that cannot be made or changed, with a message that says why.
 */
public class SharingProblemException extends RuntimeException {

    private final Kind kind;

    private final long retryAfterSeconds;

    private final String code;

    private final Object[] arguments;

    public SharingProblemException(Kind kind, String message) {
        this(kind, message, 0);
    }

    SharingProblemException(Kind kind, String message, long retryAfterSeconds) {
        this(kind, null, new Object[0], message, retryAfterSeconds);
    }

    /**
     * A problem whose words a page takes from its messages by the code, with these arguments in the message's
     * placeholders; the message is the same sentence in English, for the API and the log.
     */
    SharingProblemException(Kind kind, String code, Object[] arguments, String message, long retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.arguments = arguments.clone();
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * A stable name of the problem, such as {@code access-code}, for a page to choose its words in the reader's
     * language; null when the page has none and shows the message.
     */
    public String code() {
        return code;
    }

    /** The values for the placeholders of the code's message; empty when it has none. */
    public Object[] arguments() {
        return arguments.clone();
    }

    public Kind kind() {
        return kind;
    }

    /** For {@code RATE_LIMITED}: how long to wait, in seconds. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** What went wrong, each answered with its own status. */
    public enum Kind {
        /** The request is malformed or out of range. */
        INVALID,
        /** The resident holds no such document or share. */
        NOT_FOUND,
        /** Too many shares by the resident, or e-mails to the address. */
        RATE_LIMITED,
        /** The recipient may view the documents but not download them. */
        VIEW_ONLY,
        /** Every drawer of previews is busy just now; try again in a moment. */
        BUSY,
        /** A shared PDF cannot carry its stamp, so it is not handed out. */
        UNSTAMPABLE
    }
}
