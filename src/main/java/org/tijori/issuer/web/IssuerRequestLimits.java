package org.tijori.issuer.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.IssuerRequestAdmission;
import org.tijori.issuer.IssuerRequestAdmission.Admitted;
import org.tijori.issuer.IssuerRequestAdmission.Turned;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits DigiLocker's form requests ({@code /public/account/1/pushuri}, {@code /2/verify}) and the status change
 * before anything reads their bodies: their credentials travel inside the body, so the form or multipart parser
 * would otherwise read a stranger's body first. The address's budget, the body's declared size and this node's
 * memory for bodies are checked ({@link IssuerRequestAdmission}); a multipart body must declare its length, or
 * its size could only be known by reading it. The XML push admits its requests itself, in its controller, where
 * it reads the body by hand.
 * <p>
 * Ordered before Spring Security and Spring MVC, which would parse the form.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class IssuerRequestLimits extends OncePerRequestFilter {

    private static final Set<String> FORMS = Set.of("/public/account/1/pushuri", "/public/account/2/verify",
            "/public/issuer/1/status");

    private final IssuerRequestAdmission admissions;

    IssuerRequestLimits(IssuerRequestAdmission admissions) {
        this.admissions = admissions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !FORMS.contains(request.getRequestURI());
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
            write(response, statusOf(turned), codeOf(turned), reasonOf(turned, admissions.maxBodyBytes()));
            return;
        }
        try (admitted) {
            chain.doFilter(request, response);
        }
    }

    /** The XML push's answer when it is turned away: a {@code PushUriResponse} with its status. */
    static ResponseEntity<String> turnedAwayAsXml(Turned turned, long maxBodyBytes) {
        var builder = ResponseEntity.status(statusOf(turned)).contentType(MediaType.APPLICATION_XML);
        if (turned == Turned.BUSY) {
            builder.header("Retry-After", "5");
        }
        return builder.body("<PushUriResponse><ResponseStatus Status=\"0\"/><Error code=\"" + codeOf(turned) + "\">"
                + reasonOf(turned, maxBodyBytes) + "</Error></PushUriResponse>");
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

    private static void write(HttpServletResponse response, HttpStatus status, String code, String description)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}");
    }
}
