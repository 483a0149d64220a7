package org.tijori.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoIssuerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DemoIssuerConfiguration.class);

    /**
     * The demo issuer's Pull URI endpoint and the demo requester's pages, ahead of Tijori's own chains (ADR 23's
     * chain 0): Tijori's Pull URI request proves itself by an HMAC over its body with the API key, which the
     * endpoint checks; the demo requester's pages only read (its flows are found by their {@code state}, kept on
     * the server), so there is no sign-in, session or CSRF token.
     */
    @Bean
    @Order(0)
    SecurityFilterChain demoIssuerEndpoint(HttpSecurity http) throws Exception {
        log.warn("The demo profile is active: a demo issuer publishes sample documents, a demo requester reads "
                + "lockers with consent, and the bootstrap token is a published demo value. Use it to try Tijori out, never in production.");
        http.securityMatcher("/demo-issuer/**", "/demo-requester", "/demo-requester/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
