package org.tijori.locker.web;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.locker.LockerProperties;
import org.tijori.locker.Sizes;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an upload by its declared length, before anything reads it. The vault enforces
 * {@code tijori.locker.max-upload-size} while it reads a file, but the multipart body around it is read first,
 * up to the outer bound of any request ({@code spring.servlet.multipart.max-request-size}, 512 MB spooled to
 * disk), so a resident's 500 MB upload was read whole only to be refused. A multipart upload must declare its
 * length, and that length may exceed the largest file only by what a form adds around it.
 * <p>
 * Ordered before Spring Security, whose CSRF check would parse the body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class UploadSizeLimit extends OncePerRequestFilter {

    /** What a multipart form adds around the file: boundaries, part headers, the CSRF token and the fields. */
    static final long FORM_ALLOWANCE = 64 * 1024;

    private static final Set<String> UPLOADS = Set.of("/locker/uploaded", "/api/v1/locker/uploaded");

    private final long maxBytes;

    UploadSizeLimit(LockerProperties properties) {
        this.maxBytes = properties.maxUploadSize().toBytes() + FORM_ALLOWANCE;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !"POST".equals(request.getMethod()) || !UPLOADS.contains(request.getRequestURI()) || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean api = request.getRequestURI().startsWith("/api/");
        if (length < 0) {
            refuse(response, api, HttpStatus.LENGTH_REQUIRED, "An upload must declare its Content-Length.");
            return;
        }
        if (length > maxBytes) {
            refuse(response, api, HttpStatus.CONTENT_TOO_LARGE, "The file is larger than "
                    + Sizes.describe(maxBytes - FORM_ALLOWANCE) + ", the most an upload may be.");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * A problem detail for the API; for the page, a short alert that its form puts in place of the upload, as it
     * does with the other refusals of an upload.
     */
    private static void refuse(HttpServletResponse response, boolean api, HttpStatus status, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setCharacterEncoding("UTF-8");
        if (api) {
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"https://tijori.org/problems/locker-too-large\",\"status\":"
                    + status.value() + ",\"title\":\"" + status.getReasonPhrase() + "\",\"detail\":\"" + detail
                    + "\"}");
        }
        else {
            response.setContentType("text/html");
            response.getWriter().write("<p class=\"alert alert--error\" role=\"alert\">" + detail + "</p>");
        }
    }
}
