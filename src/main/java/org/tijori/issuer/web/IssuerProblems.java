package org.tijori.issuer.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;
import org.tijori.issuer.IssuerProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** How a request about an issuer that cannot be granted is answered: its status, and its problem details. */
final class IssuerProblems {

    private IssuerProblems() {
    }

    static HttpStatus status(IssuerProblemException e) {
        return switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
    }

    /**
     * RFC 9457 problem details with the stable type of this kind of problem, in English, and the problem's code as
     * its {@code reason} when it has one.
     */
    static ResponseEntity<ProblemDetail> answer(IssuerProblemException e, HttpServletRequest request) {
        String type = switch (e.kind()) {
            case INVALID -> "invalid-issuer-request";
            case NOT_FOUND -> "issuer-not-found";
            case CONFLICT -> "issuer-conflict";
        };
        ResponseEntity<ProblemDetail> answer = answer(status(e), type, e.getMessage(), request);
        if (e.code() != null) {
            answer.getBody().setProperty("reason", e.code());
        }
        return answer;
    }

    static ResponseEntity<ProblemDetail> answer(HttpStatus status, String type, String detail,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://tijori.org/problems/" + type));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("requestId", MDC.get("requestId"));
        return ResponseEntity.status(status).body(problem);
    }
}
