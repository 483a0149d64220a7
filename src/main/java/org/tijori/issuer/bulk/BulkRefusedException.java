package org.tijori.issuer.bulk;

/** A bulk upload that was not taken, with a DigiLocker-style error code and what was wrong. */
public class BulkRefusedException extends RuntimeException {

    private final Kind kind;

    private final String code;

    private final Object[] arguments;

    /**
     * @param arguments what the message names (limits, a file's name), for the message
     *                  {@code issuer.bulk.refused.<code>} that pages show in the reader's language
     */
    public BulkRefusedException(Kind kind, String code, String message, Object... arguments) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.arguments = arguments.clone();
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public Object[] arguments() {
        return arguments.clone();
    }

    /** Why, which decides the answer's status. */
    public enum Kind {
        UNAUTHENTICATED, FORBIDDEN, TOO_LARGE, CONFLICT,
        /** Not a readable ZIP of files, or a request that is not well-formed. */
        INVALID,
        /** Too many requests from one address failed to prove their issuer. */
        RATE_LIMITED
    }
}
