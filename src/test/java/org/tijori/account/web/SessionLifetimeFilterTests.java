package org.tijori.account.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.tijori.account.AccountProperties;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;

class SessionLifetimeFilterTests {

    static final AccountProperties TWELVE_HOURS = new AccountProperties(Duration.ofHours(12), Duration.ofDays(7), 5, 30,
            5, 50, 20, Duration.ofMinutes(15), 0);

    static boolean survives(Duration age) throws Exception {
        var session = new MockHttpSession();
        var request = new MockHttpServletRequest();
        request.setSession(session);
        Clock later = Clock.fixed(Instant.ofEpochMilli(session.getCreationTime()).plus(age), ZoneOffset.UTC);
        var chain = new MockFilterChain();

        new SessionLifetimeFilter(TWELVE_HOURS, later).doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).as("the request goes on either way").isNotNull();
        return !session.isInvalid();
    }

    @Test
    void keepsASessionYoungerThanItsLifetime() throws Exception {
        assertThat(survives(Duration.ofHours(11).plusMinutes(59))).isTrue();
    }

    @Test
    void endsASessionOlderThanItsLifetimeHoweverActive() throws Exception {
        assertThat(survives(Duration.ofHours(12).plusSeconds(1))).isFalse();
    }
}
