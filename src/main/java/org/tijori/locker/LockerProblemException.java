package org.tijori.locker;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A locker action that cannot be done as asked; the message says why, for the resident. Its {@link Kind}
 * says what went wrong; {@code locker.web} decides what a page or the API answers for it.
 */
public class LockerProblemException extends RuntimeException {

    private final Kind kind;

    LockerProblemException(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** What went wrong. */
    public enum Kind {
        /** No such document or folder in this resident's locker. */
        NOT_FOUND,
        /** The request is malformed: an empty file, a bad name. */
        INVALID,
        /** The file is larger than an upload may be. */
        TOO_LARGE,
        /** The file's content is not a type residents may upload. */
        UNSUPPORTED_TYPE,
        /** The upload would take the resident past the quota. */
        QUOTA_EXCEEDED,
        /** A folder of that name exists already. */
        CONFLICT,
        /** Too many uploads in a short time. */
        RATE_LIMITED,
        /** Every drawer of previews is busy: try again in a moment. */
        BUSY
    }
}
