package org.tijori.gateway.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * DigiLocker's second version of the token endpoint, {@code /public/oauth2/2/token}, is the first: forwarded to
 * {@code /public/oauth2/1/token} before Spring Security, after the partner API's admission (its limits and body size).
 */
final class TokenAlias extends OncePerRequestFilter {

    static final String ALIAS = "/public/oauth2/2/token";

    static final String TOKEN = "/public/oauth2/1/token";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ALIAS.equals(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.getRequestDispatcher(TOKEN).forward(request, response);
    }
}
