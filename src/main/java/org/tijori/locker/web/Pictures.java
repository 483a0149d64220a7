package org.tijori.locker.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.tijori.locker.LockerProblemException;

import org.springframework.http.HttpHeaders;

/**
 * Sends a preview picture that Tijori drew itself (always PNG), cached only by the resident's browser.
 */
final class Pictures {

    private Pictures() {
    }

    /**
     * Tells the client to come back when every drawer of previews is busy: a 503 that is expected under
     * load, answered here rather than logged as an unexpected error.
     */
    static void busy(HttpServletResponse response, LockerProblemException busy) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, LockerProblems.BUSY_RETRY_AFTER);
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, busy.getMessage());
    }

    static void send(HttpServletResponse response, byte[] png) throws IOException {
        response.setContentType("image/png");
        response.setContentLength(png.length);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=300");
        response.getOutputStream().write(png);
    }
}
