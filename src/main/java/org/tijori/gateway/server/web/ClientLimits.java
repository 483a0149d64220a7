package org.tijori.gateway.server.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.partner.PartnerLimits;
import org.tijori.gateway.web.DigiLockerErrors;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The partner API's limits at the authorization server's token and revocation endpoints (ADR 23, "Limits"): once a
 * requester has authenticated, it takes from its own per-minute bucket ({@code requests-per-client}), so that one
 * requester's flood waits alone; and a client that fails to authenticate spends its address's budget of failures
 * ({@code failures-per-address}), the one that finds it spent being answered {@code 429}.
 */
final class ClientLimits extends OncePerRequestFilter {

    private final PartnerLimits limits;

    ClientLimits(PartnerLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
            Duration wait = limits.admitClient(client.getRegisteredClient().getClientId());
            if (!wait.isZero()) {
                tooMany(response, wait);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * Counts a failed client authentication from the request's address.
     *
     * @return whether the failure was answered here (429), the address's budget being spent
     */
    static boolean failed(PartnerLimits limits, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Duration wait = limits.failed(request.getRemoteAddr());
        if (wait.isZero()) {
            return false;
        }
        tooMany(response, wait);
        return true;
    }

    static void tooMany(HttpServletResponse response, Duration wait) throws IOException {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setHeader("Retry-After", Long.toString(seconds));
        DigiLockerErrors.write(response, HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
                "Too many requests. Try again in " + seconds + " seconds.");
    }
}
