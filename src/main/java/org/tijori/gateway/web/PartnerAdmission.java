package org.tijori.gateway.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.partner.PartnerLimits;
import org.tijori.locker.LockerProperties;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What every partner request passes before anything reads it, ahead of Spring Security and Spring MVC (ADR 17's
 * order: limits, then authentication, then parsing):
 * <ol>
 * <li>the address's limits ({@link PartnerLimits#admit}): an address whose failed authentications are spent, or
 * that sends too many requests, is answered {@code 429} with {@code Retry-After}, unread;</li>
 * <li>the body's size: a token, revocation or device-code request at most {@code tijori.gateway.max-token-request},
 * any other form at most {@code max-form-request}. A declared length above it is refused unread
 * ({@code 413 request_too_large}); a body sent in chunks is read to one byte past the limit, refused if it gets there,
 * and otherwise handed on from memory;</li>
 * <li>an upload into a locker must declare its length ({@code 411}), at most {@code tijori.locker.max-upload-size}
 * ({@code 400 invalid_filesize}, DigiLocker's code), before its token is even looked at.</li>
 * </ol>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class PartnerAdmission extends OncePerRequestFilter {

    private static final String[] PREFIXES = { "/public/oauth2/", "/public/signup/", "/public/statistics/",
            "/public/.well-known/" };

    private final PartnerLimits limits;

    private final long maxTokenRequest;

    private final long maxFormRequest;

    private final long maxUpload;

    PartnerAdmission(PartnerLimits limits, GatewayProperties properties, LockerProperties locker) {
        this.limits = limits;
        this.maxTokenRequest = properties.maxTokenRequest().toBytes();
        this.maxFormRequest = properties.maxFormRequest().toBytes();
        this.maxUpload = locker.maxUploadSize().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        for (String prefix : PREFIXES) {
            if (path.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration wait = limits.admit(request.getRemoteAddr());
        if (!wait.isZero()) {
            DigiLockerErrors.tooMany(response, wait);
            response.flushBuffer();
            return;
        }
        if (!hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<PartnerOperation> operation = PartnerOperation.of(request);
        long length = request.getContentLengthLong();
        if (operation.filter(PartnerOperation.UPLOAD::equals).isPresent()) {
            if (length < 0) {
                refuseUnread(response, HttpStatus.LENGTH_REQUIRED, "length_required",
                        "An upload must declare its Content-Length.");
            }
            else if (length > maxUpload) {
                refuseUnread(response, HttpStatus.BAD_REQUEST, "invalid_filesize", "The file size exceeds maximum "
                        + "allowed file size of " + megabytes(maxUpload) + ".");
            }
            else {
                chain.doFilter(request, response);
            }
            return;
        }
        long limit = operation.filter(PartnerAdmission::isServerForm).isPresent() ? maxTokenRequest : maxFormRequest;
        if (length > limit) {
            refuseUnread(response, HttpStatus.CONTENT_TOO_LARGE, "request_too_large", tooLarge(limit));
            return;
        }
        if (length >= 0) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), limit + 1);
        if (body.length > limit) {
            refuseUnread(response, HttpStatus.CONTENT_TOO_LARGE, "request_too_large", tooLarge(limit));
            return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    private static boolean isServerForm(PartnerOperation operation) {
        return operation == PartnerOperation.TOKEN || operation == PartnerOperation.REVOKE
                || operation == PartnerOperation.DEVICE_CODE;
    }

    /** Whether the request may carry a body: it declares one, or sends one in chunks. */
    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static byte[] readAtMost(InputStream in, long most) throws IOException {
        var read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while (read.size() < most && (n = in.read(buffer, 0, (int) Math.min(buffer.length, most - read.size()))) > 0) {
            read.write(buffer, 0, n);
        }
        return read.toByteArray();
    }

    /**
     * Answers a request whose body is not to be read (any further), and sends the answer at once: the client may
     * still be sending, and should learn now that the rest is not wanted.
     */
    private static void refuseUnread(HttpServletResponse response, HttpStatus status, String error,
            String description) throws IOException {
        DigiLockerErrors.write(response, status, error, description);
        response.flushBuffer();
    }

    private static String tooLarge(long limit) {
        return "The request body is larger than the " + limit + " bytes this operation takes.";
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "MB" : bytes + " bytes";
    }
}
