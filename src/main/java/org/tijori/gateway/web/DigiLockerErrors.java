package org.tijori.gateway.web;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.GatewayProblemException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * DigiLocker's error body, {@code {"error","error_description"}}, which every error of the partner API and the
 * authorization server under {@code /public} answers, never a problem detail: a DigiLocker client reads these two
 * fields. Codes and descriptions are the reference file's where it has one.
 */
public final class DigiLockerErrors {

    /** Nothing is published at the path (an operation not built, a prefix other than {@code /public}). */
    public static final String NOT_FOUND = "not_found";

    static final String NOT_FOUND_DESCRIPTION = "Nothing is published at this path.";

    static final String UNEXPECTED = "unexpected_error";

    static final String UNEXPECTED_DESCRIPTION = "Internal server error";

    private static final JsonMapper json = JsonMapper.builder().build();

    private DigiLockerErrors() {
    }

    /** The body, as a controller or an exception handler answers it. */
    static ResponseEntity<Map<String, String>> of(HttpStatus status, String error, String description) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(error, description));
    }

    /** The answer to a problem a partner operation found. */
    static ResponseEntity<Map<String, String>> of(GatewayProblemException problem) {
        return of(statusOf(problem.kind()), problem.error(), problem.getMessage());
    }

    static HttpStatus statusOf(GatewayProblemException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case BAD_ANSWER -> HttpStatus.BAD_GATEWAY;
        };
    }

    /** Writes the body, from a filter or a security handler. */
    public static void write(HttpServletResponse response, HttpStatus status, String error, String description)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body(error, description));
    }

    /** 404 {@code not_found}: nothing is published at this path. */
    public static void notFound(HttpServletResponse response) throws IOException {
        write(response, HttpStatus.NOT_FOUND, NOT_FOUND, NOT_FOUND_DESCRIPTION);
    }

    /** 429 {@code too_many_requests}, with {@code Retry-After} in whole seconds. */
    static void tooMany(HttpServletResponse response, Duration wait) throws IOException {
        long seconds = seconds(wait);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        write(response, HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
                "Too many requests. Try again in " + seconds + " seconds.");
    }

    /** The same answer, as a controller or an exception handler answers it. */
    static ResponseEntity<Map<String, String>> tooMany(Duration wait, String description) {
        long seconds = seconds(wait);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER,
                Long.toString(seconds)).contentType(MediaType.APPLICATION_JSON).body(body("too_many_requests",
                description + " Try again in " + seconds + " seconds."));
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static Map<String, String> body(String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return body;
    }
}
