package org.tijori.gateway;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A partner request that cannot be answered as asked: DigiLocker's error code ({@code invalid_uri},
 * {@code uri_missing}, ...) and what was wrong in words for the requester's developer. The kind decides the status
 * the web layer answers with.
 */
public class GatewayProblemException extends RuntimeException {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{1,63}");

    private final Kind kind;

    private final String error;

    /**
     * @param error DigiLocker's code: lower-case letters, digits and underscores
     * @param description what was wrong, in words
     */
    public GatewayProblemException(Kind kind, String error, String description) {
        super(Objects.requireNonNull(description, "description"));
        if (error == null || !CODE.matcher(error).matches()) {
            throw new IllegalArgumentException("not an error code: " + error);
        }
        this.kind = Objects.requireNonNull(kind, "kind");
        this.error = error;
    }

    public Kind kind() {
        return kind;
    }

    /** DigiLocker's error code. */
    public String error() {
        return error;
    }

    /** What kind of problem, which decides the answer's status. */
    public enum Kind {
        /** The request itself is wrong. */
        INVALID,
        /** The requester did not prove who it is. */
        UNAUTHENTICATED,
        /** The consent or the requester's registration does not allow it. */
        FORBIDDEN,
        /** Nothing the consent reaches has that name. */
        NOT_FOUND,
        /** The state of what is asked about does not allow it now. */
        CONFLICT,
        /** Another system (an issuer, the SMS provider) did not answer. */
        UNAVAILABLE,
        /** Another system answered something that cannot be used. */
        BAD_ANSWER
    }
}
