package org.tijori.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 400 to a request whose {@code Content-Type} Spring's media type parser cannot read without failing: for
 * some malformed types (such as a double quote followed by {@code =]2/]]]}) it throws an index error rather than its
 * own invalid media type exception, which every later reader of the header would turn into a 500. Found by fuzzing
 * the partner API; the types the parser refuses properly are left to the endpoints, which answer them as their
 * callers expect.
 */
final class UnreadableContentType extends OncePerRequestFilter {

    static final String REASON = "The Content-Type header is not a media type.";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && !readable(type)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            if (request.getRequestURI().startsWith("/public/")) {
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\"" + REASON + "\"}");
            }
            else {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"" + REASON + "\"}");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean readable(String type) {
        try {
            MediaType.parseMediaType(type);
            return true;
        }
        catch (InvalidMediaTypeException e) {
            return true;
        }
        catch (RuntimeException e) {
            return false;
        }
    }
}
