package org.tijori.locker.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * Sends a document as a download: streamed (never held whole in memory), as an attachment with its
 * cleaned name (encoded per RFC 6266, so no name can split the header), its stored type, and no
 * sniffing or caching by the browser.
 */
final class Downloads {

    private Downloads() {
    }

    static void send(HttpServletResponse response, String name, String mediaType, long size, InputStream content)
            throws IOException {
        send(response, ContentDisposition.attachment(), name, mediaType, size, content);
    }

    /**
     * Sends a document to be shown in the browser: inline, and for anything but a PDF (which the browser's own
     * viewer shows, and which a sandbox would keep from it) in a sandbox with nothing allowed to load or run.
     */
    static void show(HttpServletResponse response, String name, String mediaType, long size, InputStream content)
            throws IOException {
        if (!"application/pdf".equals(mediaType)) {
            response.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'");
        }
        send(response, ContentDisposition.inline(), name, mediaType, size, content);
    }

    private static void send(HttpServletResponse response, ContentDisposition.Builder disposition, String name,
            String mediaType, long size, InputStream content) throws IOException {
        try (content) {
            response.setContentType(mediaType);
            if (size >= 0) {
                response.setContentLengthLong(size);
            }
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                    disposition.filename(name, StandardCharsets.UTF_8).build().toString());
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
            content.transferTo(response.getOutputStream());
        }
    }
}
