package org.tijori.sharing.web;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.tijori.sharing.ShareLinkExpiredException;
import org.tijori.sharing.SharingProblemException;
import org.tijori.sharing.SharingProblemException.Kind;

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
 * What sharing's API and pages answer when a share cannot be made, found or opened: one table from a problem to
 * its HTTP status, a problem detail for the API, the status's page for pages.
 */
final class SharingProblems {

    private SharingProblems() {
    }

    static HttpStatus statusOf(Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case VIEW_ONLY -> HttpStatus.FORBIDDEN;
            case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
            case UNSTAMPABLE -> HttpStatus.valueOf(422);
        };
    }

    /**
     * A problem in the reader's words: the message {@code sharing.problem.<code>} with the problem's arguments, or
     * the English message where the messages have no words for it.
     */
    static String words(SharingProblemException e, MessageSource messages, Locale locale) {
        if (e.code() == null) {
            return e.getMessage();
        }
        return messages.getMessage("sharing.problem." + e.code(), e.arguments(), e.getMessage(), locale);
    }

    /** Ordered before the application's catch-all handler, which would take these for unexpected errors. */
    @RestControllerAdvice(basePackageClasses = SharingProblems.class, annotations = RestController.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class ApiAnswers {

        @ExceptionHandler(SharingProblemException.class)
        ResponseEntity<ProblemDetail> answer(SharingProblemException e, HttpServletRequest request) {
            HttpStatus status = statusOf(e.kind());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
            problem.setType(URI.create("https://tijori.org/problems/sharing-"
                    + e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')));
            problem.setInstance(URI.create(request.getRequestURI()));
            problem.setProperty("requestId", MDC.get("requestId"));
            if (e.code() != null) {
                problem.setProperty("reason", e.code());
            }
            var answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
            if (e.retryAfterSeconds() > 0) {
                answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
            }
            return answer.body(problem);
        }
    }

    /** A page's answer: the error page of the status, through the container as for any error. */
    @ControllerAdvice(basePackageClasses = SharingProblems.class, annotations = Controller.class)
    static class PageAnswers {

        @ExceptionHandler(SharingProblemException.class)
        void answer(SharingProblemException e, HttpServletResponse response) throws IOException {
            if (e.retryAfterSeconds() > 0) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
            }
            response.sendError(statusOf(e.kind()).value(), e.getMessage());
        }

        @ExceptionHandler(ShareLinkExpiredException.class)
        void answer(ShareLinkExpiredException e, HttpServletResponse response) throws IOException {
            response.sendError(HttpStatus.GONE.value(), e.getMessage());
        }
    }
}
