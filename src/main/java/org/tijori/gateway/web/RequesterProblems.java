package org.tijori.gateway.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;
import org.tijori.gateway.GatewayProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * How the gateway's own JSON APIs (requester registration and administration) answer a request that cannot be
 * granted: RFC 9457 problem details with a stable type, as every Tijori API does. DigiLocker's partner API answers
 * its own body instead ({@link DigiLockerErrors}).
 */
final class RequesterProblems {

    private RequesterProblems() {
    }

    static ResponseEntity<ProblemDetail> answer(GatewayProblemException e, HttpServletRequest request) {
        String type = switch (e.kind()) {
            case INVALID -> "invalid-requester-request";
            case NOT_FOUND -> "requester-not-found";
            case CONFLICT -> "requester-conflict";
            default -> "requester-problem";
        };
        return answer(DigiLockerErrors.statusOf(e.kind()), type, e.getMessage(), request);
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
