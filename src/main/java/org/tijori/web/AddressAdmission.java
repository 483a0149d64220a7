package org.tijori.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.AddressLimit;
import org.tijori.account.RateLimits;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes each module's {@link AddressLimit}s before a body is read: it runs before the CSRF check, which reads a
 * form's parameters (and so parses a multipart body), and before Spring MVC reads a JSON body. A refused request is
 * answered unread: a problem for the JSON API, the error page for a form.
 */
final class AddressAdmission extends OncePerRequestFilter {

    private final List<Guarded> guarded;

    private final RateLimits limits;

    private final Problems problems;

    AddressAdmission(List<AddressLimit> addressLimits, RateLimits limits, Problems problems) {
        var matchers = PathPatternRequestMatcher.withDefaults();
        this.guarded = addressLimits.stream().flatMap(limit -> limit.paths().stream()
                .map(path -> new Guarded(matchers.matcher(HttpMethod.POST, path), limit))).toList();
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod()) || guarded.isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Guarded each : guarded) {
            if (each.matcher().matches(request) && !limits.tryAcquire(each.limit().limit(), request.getRemoteAddr())) {
                refuse(request, response, each.limit());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, AddressLimit limit)
            throws IOException {
        response.setHeader("Retry-After", String.valueOf(limit.limit().period().toSeconds()));
        if (ErrorPagesController.isApi(request.getRequestURI().substring(request.getContextPath().length()))) {
            problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", limit.refusal());
        }
        else {
            response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
        }
    }

    private record Guarded(RequestMatcher matcher, AddressLimit limit) {
    }
}
