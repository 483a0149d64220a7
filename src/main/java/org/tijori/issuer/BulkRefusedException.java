package org.tijori.issuer;

/** A bulk upload that was not taken, with a DigiLocker-style error code and what was wrong. */
public class BulkRefusedException extends RuntimeException {

    private final Kind kind;

    private final String code;

    public BulkRefusedException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** Why, which decides the answer's status. */
    public enum Kind {
        UNAUTHENTICATED, FORBIDDEN, TOO_LARGE, CONFLICT
    }
}
