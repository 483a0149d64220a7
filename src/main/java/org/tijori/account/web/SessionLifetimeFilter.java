package org.tijori.account.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tijori.account.AccountProperties;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session that is older than {@code tijori.account.session-lifetime}, however active it has
 * been; the idle timeout is the session store's own.
 */
class SessionLifetimeFilter extends OncePerRequestFilter {

    private final AccountProperties properties;

    private final Clock clock;

    SessionLifetimeFilter(AccountProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && Instant.ofEpochMilli(session.getCreationTime()).plus(properties.sessionLifetime())
                .isBefore(clock.instant())) {
            session.invalidate();
        }
        chain.doFilter(request, response);
    }
}
