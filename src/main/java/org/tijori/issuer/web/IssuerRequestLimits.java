package org.tijori.issuer.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.intake.IssuerRequestAdmission;
import org.tijori.issuer.intake.IssuerRequestAdmission.Admitted;
import org.tijori.issuer.intake.IssuerRequestAdmission.Turned;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits the issuer requests that prove themselves inside their bodies before anything reads those bodies: the
 * XML push ({@code /public/issuer/issuedoc/1/xml}), DigiLocker's forms ({@code /public/account/1/pushuri},
 * {@code /2/verify}) and the status change. The address's budget, the body's declared size and this node's
 * memory for bodies are checked ({@link IssuerRequestAdmission}), and the share of memory is held until the
 * request is answered; a multipart body must declare its length, or its size could only be known by reading it.
 * The push is answered as a {@code PushUriResponse}, the forms as DigiLocker's JSON errors.
 * <p>
 * Ordered before Spring Security and Spring MVC, which would parse the form.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class IssuerRequestLimits extends OncePerRequestFilter {

    static final String PUSH = "/public/issuer/issuedoc/1/xml";

    private static final Set<String> ADMITTED = Set.of(PUSH, "/public/account/1/pushuri", "/public/account/2/verify",
            "/public/issuer/1/status");

    private final IssuerRequestAdmission admissions;

    IssuerRequestLimits(IssuerRequestAdmission admissions) {
        this.admissions = admissions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !ADMITTED.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        long length = request.getContentLengthLong();
        if (length < 0 && type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            write(response, HttpStatus.LENGTH_REQUIRED, "length_required",
                    "A multipart request must declare its Content-Length.");
            return;
        }
        IssuerRequestAdmission.Admission admission = admissions.admit(request.getRemoteAddr(), length);
        if (!(admission instanceof Admitted admitted)) {
            Turned turned = (Turned) admission;
            if (turned == Turned.BUSY) {
                response.setHeader("Retry-After", "5");
            }
            String reason = reasonOf(turned, admissions.maxBodyBytes());
            if (PUSH.equals(request.getRequestURI())) {
                writeXml(response, statusOf(turned), codeOf(turned), reason);
            }
            else {
                write(response, statusOf(turned), codeOf(turned), reason);
            }
            return;
        }
        try (admitted) {
            chain.doFilter(request, response);
        }
    }

    static HttpStatus statusOf(Turned turned) {
        return switch (turned) {
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    private static String codeOf(Turned turned) {
        return switch (turned) {
            case RATE_LIMITED -> "too_many_requests";
            case TOO_LARGE -> "request_too_large";
            case BUSY -> "busy";
        };
    }

    private static String reasonOf(Turned turned, long maxBodyBytes) {
        return switch (turned) {
            case RATE_LIMITED -> "Too many requests that did not prove their issuer came from your address. "
                    + "Try again later.";
            case TOO_LARGE -> "The request is larger than the " + maxBodyBytes + " bytes allowed.";
            case BUSY -> "Too many requests are being read at once. Try again in a few seconds.";
        };
    }

    /** The push's answer: a {@code PushUriResponse} with Status 0 and the error. */
    private static void writeXml(HttpServletResponse response, HttpStatus status, String code, String description)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_XML_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("<PushUriResponse><ResponseStatus Status=\"0\"/><Error code=\"" + code + "\">"
                + description + "</Error></PushUriResponse>");
    }

    private static void write(HttpServletResponse response, HttpStatus status, String code, String description)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}");
    }
}
