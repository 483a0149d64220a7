package org.tijori.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * DigiLocker's error body, {@code {"error","error_description"}}, for what the pages and JSON chains refuse or find
 * nothing for under {@code /public}, DigiLocker's paths (ADR 23): a DigiLocker client reads these two fields, never
 * a problem detail. The access gateway's own answers there are its own module's.
 */
final class PublicPathErrors {

    static final String PREFIX = "/public/";

    private static final JsonMapper json = JsonMapper.builder().build();

    private PublicPathErrors() {
    }

    static void write(HttpServletResponse response, HttpStatus status) throws IOException {
        write(response, status, status == HttpStatus.INTERNAL_SERVER_ERROR ? "Internal server error"
                : ErrorPagesController.detailOf(status));
    }

    static void write(HttpServletResponse response, HttpStatus status, String description) throws IOException {
        write(response, status, codeOf(status), description);
    }

    static void write(HttpServletResponse response, HttpStatus status, String code, String description)
            throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }

    /** The reference file's codes where it has one for the status. */
    static String codeOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case UNAUTHORIZED -> "invalid_token";
            case FORBIDDEN -> "forbidden";
            case CONTENT_TOO_LARGE -> "request_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case TOO_MANY_REQUESTS -> "too_many_requests";
            default -> status.is4xxClientError() ? "invalid_request" : "unexpected_error";
        };
    }
}
