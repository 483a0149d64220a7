package org.tijori.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * RFC 9457 problem details, with a stable {@code type} per problem and the request ID, for answers
 * written outside controllers (security filters, the error dispatch).
 */
@Component
class Problems {

    static final String TYPE_BASE = "https://tijori.org/problems/";

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    static ProblemDetail of(HttpStatus status, String type, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("requestId", RequestIdFilter.idOf(request));
        return problem;
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
            String detail) throws IOException {
        ProblemDetail problem = of(status, type, detail, request);
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        try {
            problem.setInstance(URI.create(original instanceof String path ? path : request.getRequestURI()));
        }
        catch (IllegalArgumentException notAUri) {
            // A path that is not a valid URI reference is not worth echoing back.
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
