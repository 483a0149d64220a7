package org.tijori.locker.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * Sends a preview picture that Tijori drew itself (always PNG), cached only by the resident's browser.
 */
final class Pictures {

    private Pictures() {
    }

    static void send(HttpServletResponse response, byte[] png) throws IOException {
        response.setContentType("image/png");
        response.setContentLength(png.length);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=300");
        response.getOutputStream().write(png);
    }
}
