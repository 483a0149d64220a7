package org.tijori.gateway.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One issuer, {@code ${tijori.base-url}/public}, whatever host or scheme a request names. With several issuers
 * allowed (so that the endpoints are matched under {@code /public}), Spring Security takes the issuer from each
 * request's URL; a client that reached Tijori by another name would then be told another issuer, and tokens and
 * discovery would disagree between clients (an issuer mix-up). This replaces the context Spring Security's own
 * filter put in place, before any endpoint reads it.
 */
final class PinnedIssuer extends OncePerRequestFilter {

    private final String issuer;

    private final AuthorizationServerSettings settings;

    PinnedIssuer(String issuer, AuthorizationServerSettings settings) {
        this.issuer = issuer;
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AuthorizationServerContext resolved = AuthorizationServerContextHolder.getContext();
        AuthorizationServerContextHolder.setContext(new Pinned(issuer, settings));
        try {
            chain.doFilter(request, response);
        }
        finally {
            if (resolved == null) {
                AuthorizationServerContextHolder.resetContext();
            }
            else {
                AuthorizationServerContextHolder.setContext(resolved);
            }
        }
    }

    private record Pinned(String getIssuer, AuthorizationServerSettings getAuthorizationServerSettings)
            implements AuthorizationServerContext {
    }
}
