package org.tijori.verify.web;

import java.net.URI;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * What every verification answer shares, whether it reports a status, refuses or turns an address away: no
 * cache anywhere (the status is live), no referrer (the link carries a proof), no search index; and the problem
 * details of a refusal and of a spent address, which differ between two clients only in their request ID and
 * the path they asked for.
 */
final class VerificationAnswers {

    static final String NOT_FOUND_TYPE = "https://tijori.org/problems/not-found";

    static final String NOT_FOUND_DETAIL = "No document can be verified with this link.";

    static final String TOO_MANY_TYPE = "https://tijori.org/problems/too-many-requests";

    static final String TOO_MANY_DETAIL = "Too many verifications came from your address. Try again later.";

    private VerificationAnswers() {
    }

    /**
     * The document URI of a catch-all path variable: the remainder after {@code /verify}, with its leading '/', or
     * nothing at all for {@code /verify} itself.
     */
    static String documentUri(String remainder) {
        return remainder.startsWith("/") ? remainder.substring(1) : remainder;
    }

    /** The headers of every verification answer, pages and API, genuine or not. */
    static void headers(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Robots-Tag", "noindex");
    }

    /** The one answer to every refused link, the same as for a URI that does not exist. */
    static ProblemDetail refused(HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, NOT_FOUND_TYPE, NOT_FOUND_DETAIL, request);
    }

    static ProblemDetail tooMany(HttpServletRequest request) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_TYPE, TOO_MANY_DETAIL, request);
    }

    /** {@code Retry-After} in whole seconds, at least one. */
    static String retryAfter(Duration wait) {
        return String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    static ProblemDetail problem(HttpStatus status, String type, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        problem.setTitle(status.getReasonPhrase());
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        catch (IllegalArgumentException notAUri) {
            // A path that is not a valid URI reference is not worth echoing back.
        }
        // The request ID the log and the X-Request-Id header carry, as in every other problem detail.
        problem.setProperty("requestId", MDC.get("requestId"));
        return problem;
    }
}
