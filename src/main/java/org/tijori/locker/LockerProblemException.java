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

    private final String code;

    private final String found;

    private final Object[] arguments;

    LockerProblemException(Kind kind, String reason) {
        this(kind, null, reason);
    }

    LockerProblemException(Kind kind, String code, String reason) {
        this(kind, code, reason, null);
    }

    LockerProblemException(Kind kind, String code, String reason, String found) {
        super(reason);
        this.kind = kind;
        this.code = code;
        this.found = found;
        this.arguments = new Object[0];
    }

    /**
     * A problem whose words a page takes from its messages by the code, with these arguments in the message's
     * placeholders; the reason is the same sentence in English, for the API and the log.
     */
    LockerProblemException(Kind kind, String code, Object[] arguments, String reason) {
        super(reason);
        this.kind = kind;
        this.code = code;
        this.found = null;
        this.arguments = arguments.clone();
    }

    /** The values for the placeholders of the code's message, such as a size limit; empty when it has none. */
    public Object[] arguments() {
        return arguments.clone();
    }

    /**
     * What the file was found to be, as a media type such as {@code text/plain}, when its type is refused; null
     * otherwise. A page says it in words people use.
     */
    public String found() {
        return found;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * A stable name of the problem within its kind, such as {@code encrypted} or {@code wrong-otp}, for a page to
     * choose its words in the reader's language and for a program to tell problems apart; null when the kind says
     * enough.
     */
    public String code() {
        return code;
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
        BUSY,
        /** The blob store does not answer (the object store is down): nothing was kept, try again later. */
        UNAVAILABLE,
        /** The file cannot be e-signed as it is (encrypted, damaged, certified against changes...). */
        UNSIGNABLE,
        /** An e-signing that is over: expired, cancelled after wrong codes, or done. */
        GONE
    }
}
