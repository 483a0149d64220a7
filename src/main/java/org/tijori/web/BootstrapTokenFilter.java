package org.tijori.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Accepts {@code Authorization: Bearer <tijori.admin.bootstrap-token>} as an administrator, for
 * automation and the first set-up. A wrong token is refused at once; without the header, the request
 * goes on to the other ways of signing in (an administrator's session).
 */
class BootstrapTokenFilter extends OncePerRequestFilter {

    static final String PRINCIPAL = "bootstrap-token";

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    private final Problems problems;

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BootstrapTokenFilter(String token, Problems problems) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] offered = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (token == null || !MessageDigest.isEqual(token, offered)) {
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid-token",
                    "The bearer token is not valid.");
            return;
        }
        var context = contexts.createEmptyContext();
        // The token is automation's own credential, which the administrators' second-factor rule accepts.
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(PRINCIPAL, null,
                List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), FactorGrantedAuthority.fromAuthority(
                        FactorGrantedAuthority.BEARER_AUTHORITY))));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        }
        finally {
            contexts.clearContext();
        }
    }
}
