package org.tijori.locker.web;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.tijori.locker.LockerProblemException;
import org.tijori.locker.LockerProblemException.Kind;

import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * What the locker's pages and API answer when a locker action cannot be done: the one table from a
 * {@link Kind} to its HTTP status, a problem detail for the API and the status's error page for pages.
 */
final class LockerProblems {

    /** How long a client waits before asking again when every drawer of previews is busy. */
    static final String BUSY_RETRY_AFTER = "2";

    /** How long a client waits before sending its upload again when the blob store does not answer. */
    static final String UNAVAILABLE_RETRY_AFTER = "30";

    private LockerProblems() {
    }

    static HttpStatus statusOf(Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case TOO_LARGE, QUOTA_EXCEEDED -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case BUSY, UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case UNSIGNABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case GONE -> HttpStatus.GONE;
        };
    }

    /**
     * A problem in the reader's words: the message {@code locker.problem.<code>} with the problem's arguments, or
     * the English reason where the messages have no words for it.
     */
    static String words(LockerProblemException e, MessageSource messages, Locale locale) {
        if (e.code() == null) {
            return e.getMessage();
        }
        return messages.getMessage("locker.problem." + e.code(), e.arguments(), e.getMessage(), locale);
    }

    /**
     * The API's answer. Ordered before the application's catch-all handler of unexpected errors, which would
     * otherwise take this exception for one.
     */
    @RestControllerAdvice(basePackageClasses = LockerProblems.class, annotations = RestController.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class ApiAnswers {

        @ExceptionHandler(LockerProblemException.class)
        ResponseEntity<ProblemDetail> answer(LockerProblemException e, HttpServletRequest request) {
            HttpStatus status = statusOf(e.kind());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
            problem.setType(URI.create("https://tijori.org/problems/locker-"
                    + e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')));
            problem.setInstance(URI.create(request.getRequestURI()));
            // The request ID the log and the X-Request-Id header carry, as in every other problem detail.
            problem.setProperty("requestId", MDC.get("requestId"));
            if (e.code() != null) {
                problem.setProperty("reason", e.code());
            }
            var answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
            if (e.kind() == Kind.BUSY || e.kind() == Kind.UNAVAILABLE) {
                answer.header(HttpHeaders.RETRY_AFTER, e.kind() == Kind.BUSY ? BUSY_RETRY_AFTER : UNAVAILABLE_RETRY_AFTER);
            }
            return answer.body(problem);
        }
    }

    /** A page's answer: the error page of the status, through the container as for any error. */
    @ControllerAdvice(basePackageClasses = LockerProblems.class, annotations = Controller.class)
    static class PageAnswers {

        @ExceptionHandler(LockerProblemException.class)
        void answer(LockerProblemException e, HttpServletResponse response) throws IOException {
            if (e.kind() == Kind.BUSY) {
                response.setHeader(HttpHeaders.RETRY_AFTER, BUSY_RETRY_AFTER);
            }
            response.sendError(statusOf(e.kind()).value(), e.getMessage());
        }
    }
}
