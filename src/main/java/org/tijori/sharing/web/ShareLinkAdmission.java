package org.tijori.sharing.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.MinuteBuckets;
import org.tijori.sharing.DocumentSharing;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every answer under {@code /s/} (the recipients' pages, their downloads, their errors) tells the browser to keep
 * no copy, send no referrer (the link's token is in the address) and search engines to index nothing; and each
 * client address gets {@code tijori.sharing.openings-per-minute} requests there, taken before the token is hashed,
 * a session read or a form parsed. Past them: 429 with {@code Retry-After}.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ShareLinkAdmission extends OncePerRequestFilter {

    static final String PATHS = "/s/";

    private final MinuteBuckets buckets;

    ShareLinkAdmission(DocumentSharing sharing) {
        this.buckets = new MinuteBuckets(sharing.settings().openingsPerMinute(), 10_000);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + PATHS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        headers(response);
        Duration wait = buckets.take(request.getRemoteAddr());
        if (!wait.isZero()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(wait.toSeconds()));
            response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), "Too many requests to shared links from your "
                    + "address; try again in " + wait.toSeconds() + " seconds.");
            return;
        }
        chain.doFilter(request, response);
    }

    static void headers(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Robots-Tag", "noindex");
    }

    @Scheduled(fixedDelay = 60_000)
    void forgetFull() {
        buckets.forgetFull();
    }
}
