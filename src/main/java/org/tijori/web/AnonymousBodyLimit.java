package org.tijori.web;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a stranger's body unread when it is larger than anything a stranger may send of its kind: multipart and
 * JSON, the bodies that Spring parses for an endpoint before the endpoint can count anything.
 * <p>
 * A multipart body is parsed the first time anything asks for a request parameter: Spring Security's CSRF
 * check does, before it is known whether the request may go where it is going, and so does Spring MVC for
 * a form endpoint that takes no sign-in. With the outer bound set for signed-in uploads
 * ({@code spring.servlet.multipart.max-request-size}, 512 MB), anyone could make Tomcat read and spool that
 * much. A JSON body is read whole by Jackson into the arguments of an endpoint that takes no sign-in (an issuer's
 * or a requester's registration) before the endpoint counts the address against its limit. This filter runs after
 * the session is read and before the CSRF check: a request that is not signed in must declare its length, and
 * that length must be at most {@code tijori.web.admission.max-anonymous-multipart} for multipart and
 * {@code tijori.web.admission.max-anonymous-json} for JSON. Signed-in requests keep the outer bound, and each
 * feature its own limit; other bodies (an issuer's XML push, a DigiLocker form) are bounded by the endpoints that
 * take them, before they read them.
 */
final class AnonymousBodyLimit extends OncePerRequestFilter {

    private final long maxMultipart;

    private final long maxJson;

    private final Problems problems;

    private final Set<String> selfBounded;

    /**
     * @param selfBounded paths whose module has bounded the body already, before any security chain, with a limit
     *                    of its own (e.g. the e-sign verification's, for anyone, larger than a stranger's multipart)
     */
    AnonymousBodyLimit(AdmissionProperties admission, Problems problems, Set<String> selfBounded) {
        this.maxMultipart = admission.maxAnonymousMultipart().toBytes();
        this.maxJson = admission.maxAnonymousJson().toBytes();
        this.problems = problems;
        this.selfBounded = Set.copyOf(selfBounded);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return maxBytes(request.getContentType()) < 0 || signedIn()
                || selfBounded.contains(request.getRequestURI().substring(request.getContextPath().length()));
    }

    /** The most a stranger may send of this content type, or -1 for a type this filter leaves to its endpoint. */
    private long maxBytes(String contentType) {
        if (contentType == null) {
            return -1;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        String mediaType = (parameters < 0 ? type : type.substring(0, parameters)).trim();
        if (mediaType.startsWith("multipart/")) {
            return maxMultipart;
        }
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return maxJson;
        }
        return -1;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        long maxBytes = maxBytes(request.getContentType());
        if (length < 0) {
            problems.write(request, response, HttpStatus.LENGTH_REQUIRED, "length-required",
                    "A request sent without signing in must declare its Content-Length.");
            return;
        }
        if (length > maxBytes) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "too-large",
                    "The request is larger than the " + maxBytes + " bytes taken without signing in.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }
}
