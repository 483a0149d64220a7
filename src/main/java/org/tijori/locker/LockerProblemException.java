package org.tijori.locker;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A locker action that cannot be done as asked; the message says why, for the resident. It carries its
 * HTTP status, so that the API answers with a problem detail and pages with the right error page.
 */
public class LockerProblemException extends ErrorResponseException {

    private final Kind kind;

    private final String reason;

    LockerProblemException(Kind kind, String reason) {
        super(kind.status, problem(kind, reason), null);
        this.kind = kind;
        this.reason = reason;
        if (kind == Kind.BUSY) {
            getHeaders().set(org.springframework.http.HttpHeaders.RETRY_AFTER, "2");
        }
    }

    public Kind kind() {
        return kind;
    }

    private static ProblemDetail problem(Kind kind, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(kind.status, reason);
        problem.setType(java.net.URI.create("https://tijori.org/problems/locker-"
                + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
        return problem;
    }

    @Override
    public String getMessage() {
        return reason;
    }

    /** What went wrong, which decides the HTTP status. */
    public enum Kind {
        /** No such document or folder in this resident's locker. */
        NOT_FOUND(HttpStatus.NOT_FOUND),
        /** The request is malformed: an empty file, a bad name. */
        INVALID(HttpStatus.BAD_REQUEST),
        /** The file is larger than an upload may be. */
        TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
        /** The file's content is not a type residents may upload. */
        UNSUPPORTED_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
        /** The upload would take the resident past the quota. */
        QUOTA_EXCEEDED(HttpStatus.CONTENT_TOO_LARGE),
        /** A folder of that name exists already. */
        CONFLICT(HttpStatus.CONFLICT),
        /** Too many uploads in a short time. */
        RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
        /** Every drawer of previews is busy: try again in a moment. */
        BUSY(HttpStatus.SERVICE_UNAVAILABLE);

        private final HttpStatus status;

        Kind(HttpStatus status) {
            this.status = status;
        }

        public HttpStatus status() {
            return status;
        }
    }
}
