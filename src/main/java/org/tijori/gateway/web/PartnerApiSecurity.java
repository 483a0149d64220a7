package org.tijori.gateway.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.partner.AccessLog;
import org.tijori.gateway.partner.PartnerLimits;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.PartnerAccess;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Chain 2 of ADR 23: DigiLocker's partner API under {@code /public/oauth2}, {@code /public/signup},
 * {@code /public/statistics} and {@code /public/.well-known}, whatever the authorization server's chain (1) did not
 * take. Stateless, no cookies, no CSRF (every call proves itself in its own request).
 * <ul>
 * <li>Each bearer operation of {@link PartnerOperation} needs an access token in the {@code Authorization} header
 * (never in the query, which would land in logs) whose consent grants one of its scopes; the token is looked up by
 * {@link AccessTokens}. Without one: {@code 401 invalid_token}; without the scope: {@code 403 insufficient_scope}.</li>
 * <li>The form-credential operations are open here: each proves itself by the HMAC in its body, checked before
 * anything else is read of it.</li>
 * <li>Everything else is refused as a path that publishes nothing ({@code 404 not_found}), as is an operation not
 * built yet.</li>
 * </ul>
 * Every refusal is DigiLocker's JSON body, never a problem detail. A token that does not authenticate counts against
 * the address's budget of failures ({@link PartnerLimits}); an authenticated requester then takes from its own
 * per-minute bucket.
 */
@Configuration(proxyBeanMethods = false)
class PartnerApiSecurity {

    @Bean
    @Order(2)
    SecurityFilterChain partnerApi(HttpSecurity http, AccessTokens accessTokens, PartnerLimits limits,
            AccessLog accessLog) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, failure) -> unauthenticated(request, response,
                failure, limits);
        AccessDeniedHandler denied = (request, response, failure) -> {
            if (PartnerOperation.of(request).filter(operation -> operation.proof() == PartnerOperation.Proof.BEARER)
                    .isPresent()) {
                // Counted before the answer is written: once it is, the caller may look for the count.
                countRefusal(request, accessLog, HttpStatus.FORBIDDEN, "insufficient_scope");
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
                DigiLockerErrors.write(response, HttpStatus.FORBIDDEN, "insufficient_scope",
                        "The access token's consent does not allow this operation.");
            }
            else {
                DigiLockerErrors.notFound(response);
            }
        };
        http.securityMatcher("/public/oauth2/**", "/public/signup/**", "/public/statistics/**",
                        "/public/.well-known/**")
                .authorizeHttpRequests(requests -> {
                    for (PartnerOperation operation : PartnerOperation.values()) {
                        rule(requests, operation);
                    }
                    requests.anyRequest().denyAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        // Only the Authorization header: a token in a query string or a form body is not taken.
                        .bearerTokenResolver(new DefaultBearerTokenResolver())
                        .opaqueToken(opaque -> opaque.introspector(accessTokens))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(Customizer.withDefaults())
                .headers(PartnerHeaders::apply)
                .addFilterAfter(new RequesterLimit(limits), BearerTokenAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied));
        return http.build();
    }

    private static void rule(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
            requests, PartnerOperation operation) {
        switch (operation.proof()) {
            case BEARER -> requests.requestMatchers(operation.matcher()).hasAnyAuthority(operation.authorities());
            case FORM -> requests.requestMatchers(operation.matcher()).permitAll();
            // The issuer's operations are on the API chain; the server's on chain 1, once published there.
            case ISSUER, SERVER -> requests.requestMatchers(operation.matcher()).denyAll();
        }
    }

    /**
     * A missing or refused token on an operation: {@code 401 invalid_token} (RFC 6750's {@code WWW-Authenticate});
     * on any other path, nothing is published. A token presented and refused counts as a failed authentication
     * of the address, and the one that finds the address's budget spent is answered 429.
     */
    private static void unauthenticated(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException failure, PartnerLimits limits) throws IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        // Presented, even when malformed: Spring Security's resolver refuses such a header by throwing.
        boolean presented = authorization != null && authorization.regionMatches(true, 0, "Bearer", 0, 6);
        if (presented) {
            Duration wait = limits.failed(request.getRemoteAddr());
            if (!wait.isZero()) {
                DigiLockerErrors.tooMany(response, wait);
                return;
            }
        }
        if (PartnerOperation.of(request).filter(operation -> operation.proof() == PartnerOperation.Proof.BEARER
                || operation.proof() == PartnerOperation.Proof.FORM).isEmpty()) {
            DigiLockerErrors.notFound(response);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer");
        DigiLockerErrors.write(response, HttpStatus.UNAUTHORIZED, "invalid_token",
                presented ? "The access token is invalid" : "The access token is missing: send it as "
                        + "Authorization: Bearer <token>.");
    }

    /**
     * Counts a refusal of an authenticated requester's call among its errors, which its portal shows (ADR 23,
     * "Activity"); a call without a live token names no requester and is not counted.
     */
    private static void countRefusal(HttpServletRequest request, AccessLog accessLog, HttpStatus status,
            String error) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof PartnerAccess access) {
            accessLog.failed(access, PartnerOperation.of(request).map(PartnerApiSecurity::activityName)
                    .orElse("unknown"), status.value(), error);
        }
    }

    /** An operation's name in the access log, as the resident's connected apps and the requester's portal show it. */
    static String activityName(PartnerOperation operation) {
        return switch (operation) {
            case USER -> "user";
            case UPLOADED_ROOT, UPLOADED_FOLDER -> "files";
            case ISSUED_V1, ISSUED_V2 -> "issued";
            case FILE -> "file";
            case XML -> "xml";
            case UPLOAD -> "upload";
            case PULL_DOCUMENT -> "pulldocument";
            case EAADHAAR -> "eaadhaar";
            default -> operation.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Once a request has authenticated, its requester takes from its own per-minute bucket: one requester's flood
     * waits alone.
     */
    static final class RequesterLimit extends OncePerRequestFilter {

        private final PartnerLimits limits;

        RequesterLimit(PartnerLimits limits) {
            this.limits = limits;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof PartnerAccess access) {
                Duration wait = limits.admitClient(access.clientId());
                if (!wait.isZero()) {
                    DigiLockerErrors.tooMany(response, wait);
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
