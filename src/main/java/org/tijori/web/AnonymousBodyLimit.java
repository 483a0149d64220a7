package org.tijori.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a stranger's multipart body unread when it is larger than anything a stranger may send.
 * <p>
 * A multipart body is parsed the first time anything asks for a request parameter: Spring Security's CSRF
 * check does, before it is known whether the request may go where it is going, and so does Spring MVC for
 * a form endpoint that takes no sign-in. With the outer bound set for signed-in uploads
 * ({@code spring.servlet.multipart.max-request-size}, 512 MB), anyone could make Tomcat read and spool that
 * much. This filter runs after the session is read and before the CSRF check: a request that is not signed
 * in must declare its length, and that length must be at most
 * {@code tijori.web.admission.max-anonymous-multipart}. Signed-in requests keep the outer bound, and each
 * feature its own limit.
 */
final class AnonymousBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;

    private final Problems problems;

    AnonymousBodyLimit(DataSize max, Problems problems) {
        this.maxBytes = max.toBytes();
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/") || signedIn();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length < 0) {
            problems.write(request, response, HttpStatus.LENGTH_REQUIRED, "length-required",
                    "A multipart request must declare its Content-Length.");
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
