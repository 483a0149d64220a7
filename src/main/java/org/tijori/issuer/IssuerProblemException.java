package org.tijori.issuer;

/**
 * A request about an issuer that cannot be granted as asked, with what was wrong in words for the
 * person or system that sent it.
 */
public class IssuerProblemException extends RuntimeException {

    private final Kind kind;

    public IssuerProblemException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** What kind of problem, which decides the answer's status. */
    public enum Kind {
        /** The request itself is wrong. */
        INVALID,
        /** No such issuer. */
        NOT_FOUND,
        /** The issuer's state does not allow it, or the ID is taken. */
        CONFLICT
    }
}
