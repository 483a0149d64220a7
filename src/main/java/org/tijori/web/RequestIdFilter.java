package org.tijori.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an ID: the caller's {@code X-Request-Id} when it is a sane token (so that a
 * proxy's ID carries through), otherwise a new one. The ID is sent back in the same header, put in
 * the log context of every line the request writes, and shown on error pages.
 */
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";

    static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

    static final String LOG_KEY = "requestId";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = idOf(request);
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        String previous = MDC.get(LOG_KEY);
        MDC.put(LOG_KEY, id);
        try {
            chain.doFilter(request, response);
        }
        finally {
            if (previous == null) {
                MDC.remove(LOG_KEY);
            }
            else {
                MDC.put(LOG_KEY, previous);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        // Error pages are rendered in a second dispatch; they must log and show the same ID.
        return false;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    static String idOf(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String existing) {
            return existing;
        }
        String offered = request.getHeader(HEADER);
        if (offered != null && ACCEPTED.matcher(offered).matches()) {
            return offered;
        }
        return UUID.randomUUID().toString();
    }
}
