package org.tijori.gateway.server.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.web.DigiLockerErrors;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The authorization server's endpoints that Tijori publishes, at exactly their paths under {@code /public}. Spring
 * Security matches its endpoints under any prefix once several issuers are allowed ({@code /public/x/oauth2/1/token}
 * too), and has endpoints Tijori does not offer (introspection, pushed authorization requests, device verification,
 * dynamic client registration, user info, logout): each of those answers {@code 404 not_found} here, before Spring
 * Security's filter for it runs.
 */
final class GatewayPaths extends OncePerRequestFilter {

    private final RequestMatcher published;

    /** @param published each endpoint served, as its method and exact path */
    GatewayPaths(List<Endpoint> published) {
        this.published = new OrRequestMatcher(published.stream()
                .map(endpoint -> (RequestMatcher) PathPatternRequestMatcher.withDefaults()
                        .matcher(endpoint.method(), endpoint.path()))
                .toList());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!published.matches(request)) {
            DigiLockerErrors.notFound(response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** An endpoint, by method and path under {@code /public}. */
    record Endpoint(HttpMethod method, String path) {
    }
}
