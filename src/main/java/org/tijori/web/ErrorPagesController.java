package org.tijori.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers every error that no controller answered itself (unknown paths, refused requests, failures
 * in filters): a friendly page for people, a problem detail for programs and for every API path, and
 * DigiLocker's {@code {"error","error_description"}} under DigiLocker's {@code /public} paths (ADR 23).
 * Never a stack trace or an exception message.
 */
@Controller
class ErrorPagesController implements ErrorController {

    private final Problems problems;

    ErrorPagesController(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = statusOf(request);
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        if (path.startsWith(PublicPathErrors.PREFIX)) {
            PublicPathErrors.write(response, status);
            return null;
        }
        if (isApi(path) || !acceptsHtml(request)) {
            problems.write(request, response, status, typeOf(status), detailOf(status));
            return null;
        }
        response.setStatus(status.value());
        return page(status);
    }

    static ModelAndView page(HttpStatus status) {
        String messages = switch (status.value()) {
            case 403, 404, 429, 500 -> String.valueOf(status.value());
            default -> "generic";
        };
        var page = new ModelAndView("error/page", status);
        page.addObject("status", status.value());
        page.addObject("errorKey", messages);
        return page;
    }

    static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("/public/") || path.startsWith("/actuator")
                || path.startsWith("/v3/api-docs");
    }

    static boolean acceptsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept == null || accept.contains("text/html") || accept.contains("*/*");
    }

    private static HttpStatus statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    static String typeOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "not-found";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case TOO_MANY_REQUESTS -> "rate-limited";
            case INTERNAL_SERVER_ERROR -> "internal-error";
            default -> status.is4xxClientError() ? "bad-request" : "server-error";
        };
    }

    static String detailOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "Nothing is published at this path.";
            case UNAUTHORIZED -> "Sign in first.";
            case FORBIDDEN -> "You are not allowed to do this.";
            case INTERNAL_SERVER_ERROR -> "Something went wrong on our side. Quote the request ID if you contact support.";
            default -> status.getReasonPhrase() + ".";
        };
    }
}
