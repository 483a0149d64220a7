package org.tijori.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;
import org.tijori.account.AddressLimit;
import org.tijori.account.AdministrationProperties;
import org.tijori.account.RateLimits;
import org.tijori.account.SignInFactors;
import org.tijori.account.SignInThrottledException;
import org.tijori.account.web.SecondFactorSecurity;
import org.tijori.identity.ExternalSignIn;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The JSON APIs' and the pages' filter chains, after the more specific ones of other modules: the demo issuer's
 * (order 0), and the access gateway's authorization server (1) and partner API (2) on DigiLocker's {@code /public}
 * paths (ADR 23). Everything is closed unless opened here on purpose.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    /** No inline scripts or styles anywhere; pages load only their own assets. */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** Swagger UI sets style attributes in its markup; scripts stay restricted to our own files. */
    static final String SWAGGER_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /**
     * DigiLocker's issuer endpoints: each request proves itself by an HMAC over its body with the
     * issuer's secret, checked by the controller, so a cookie adds nothing and is ignored.
     */
    static final String[] ISSUER_SIGNED = { "/public/issuer/**", "/public/account/1/pushuri",
            "/public/account/2/verify" };

    static final String ISSUER_ROLE = "ROLE_ISSUER";

    static final String REQUESTER_ROLE = "ROLE_REQUESTER";

    /** The access gateway's pages (ADR 23): a requester registers and signs in to its portal by these. */
    static final String REQUESTER_REGISTER = "/requester/register";

    static final String REQUESTER_LOGIN = "/requester/login";

    /** The access gateway's consent page, which writes its own content security policy (ADR 23). */
    static final String CONSENT_PAGE = "/consent";

    /**
     * DigiLocker's paths, where every error is DigiLocker's {@code {"error","error_description"}} (ADR 23). On this
     * chain only the issuers' endpoints are published there, and they are open: what is refused publishes nothing.
     */
    static final RequestMatcher DIGILOCKER_PATHS = PathPatternRequestMatcher.withDefaults().matcher("/public/**");

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "interest-cohort=()";

    /** The verification landing page scans QR codes with the device's camera (ADR 22); no other page may. */
    static final String CAMERA_PAGE = "/verify";

    static final String CAMERA_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace("camera=()", "camera=(self)");

    /**
     * No observations of Spring Security's own: the property {@code management.observations.enable.spring.security}
     * only makes them no-ops, while the chain still wraps each of its filters in an observing decorator on every
     * request (a few per cent of a push's CPU in the profile). {@code http.server.requests} still times each request.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        var registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }

    /** Inside the request ID and the admission gate, outside the session and security filters that need the database. */
    @Bean
    FilterRegistrationBean<DatabaseOutageAnswers> databaseOutageAnswers(Problems problems, ITemplateEngine templates,
            LocaleResolver locales) {
        var registration = new FilterRegistrationBean<>(new DatabaseOutageAnswers(problems, templates, locales));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 12);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }

    /**
     * Verifying an uploaded file (ADR 22), for anyone: it does no more than a scanned link, which any site can make
     * a browser open, and another site cannot read its answer; so a signed-in resident's cookie, which that site
     * could make the browser send, needs no CSRF token either.
     */
    static final String VERIFY_UPLOAD = "/api/v1/verify";

    /**
     * Checking a signed file (issue 18), for anyone: as {@link #VERIFY_UPLOAD}, it changes nothing and another site
     * cannot read its answer. The signing module limits each address and bounds the body before this chain runs.
     */
    static final String ESIGN_VERIFY_UPLOAD = "/api/v1/esign/verify";

    /** The page of the same check; its form carries a CSRF token as every form. */
    static final String ESIGN_VERIFY_PAGE = "/esign/verify";

    /**
     * Uploads whose module bounds them before any security chain runs, with a limit of their own larger than a
     * stranger's multipart (a signed PDF may be 50 MB): the anonymous body limit leaves them to it.
     */
    static final java.util.Set<String> SELF_BOUNDED = java.util.Set.of(ESIGN_VERIFY_UPLOAD, ESIGN_VERIFY_PAGE);

    /** The e-sign time-stamp authority (issue 18), for anyone who posts an RFC 3161 request. */
    static final String ESIGN_TSA = "/esign/tsa";

    /** The public keys of verification proofs (ADR 22): for anyone, without a session. */
    static final String PROOF_KEYS = "/.well-known/jwks.json";

    /**
     * JSON APIs: problem details for 401 and 403, administrators by session or bootstrap token.
     * A session-authenticated call must carry the CSRF token; a call authenticated by its own
     * credentials (a bearer token) or by none cannot be forged by another site, so it need not.
     * The JWKS of verification proofs is served here too, with the API's headers and no session.
     * Under {@code /public}, DigiLocker's paths, only the issuers' endpoints are here (the gateway's chains take
     * the partner API's): any other path answers DigiLocker's {@code 404 not_found}, never a problem detail.
     */
    @Bean
    @Order(10)
    SecurityFilterChain api(HttpSecurity http, Problems problems, AdministrationProperties admin,
            AdmissionProperties admission, List<AddressLimit> addressLimits, RateLimits rateLimits) throws Exception {
        http.securityMatcher("/api/**", "/public/**", "/actuator/**", "/v3/api-docs", "/v3/api-docs/**", PROOF_KEYS)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, PROOF_KEYS).permitAll()
                        // Public verification (ADR 22): anyone with a QR code's link; every answer but a genuine
                        // proof's is the one 404, and the verify module limits each address.
                        .requestMatchers(HttpMethod.GET, "/api/v1/verify", "/api/v1/verify/**").permitAll()
                        .requestMatchers(HttpMethod.POST, VERIFY_UPLOAD).permitAll()
                        .requestMatchers(HttpMethod.POST, ESIGN_VERIFY_UPLOAD).permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/api/v1/admin/**", "/actuator/**").access(SecondFactorSecurity.administrator())
                        .requestMatchers("/api/v1/locker/**").hasRole("RESIDENT")
                        .requestMatchers(HttpMethod.POST, "/api/v1/issuers/registrations").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/requesters/registrations").permitAll()
                        .requestMatchers(ISSUER_SIGNED).permitAll()
                        .anyRequest().authenticated())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .csrf(csrf -> csrf.ignoringRequestMatchers(SecurityConfiguration::cannotBeForged)
                        .ignoringRequestMatchers(ISSUER_SIGNED).ignoringRequestMatchers(VERIFY_UPLOAD)
                        .ignoringRequestMatchers(ESIGN_VERIFY_UPLOAD))
                .requestCache(cache -> cache.disable())
                .headers(headers -> secureHeaders(headers, API_POLICY))
                .addFilterBefore(new BootstrapTokenFilter(admin.bootstrapToken(), problems),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(new AnonymousBodyLimit(admission, problems, SELF_BOUNDED), CsrfFilter.class)
                .addFilterBefore(new AddressAdmission(addressLimits, rateLimits, problems), CsrfFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            if (DIGILOCKER_PATHS.matches(request)) {
                                PublicPathErrors.write(response, HttpStatus.NOT_FOUND);
                                return;
                            }
                            problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                                    "Sign in as an administrator or send the administrator bearer token.");
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            if (DIGILOCKER_PATHS.matches(request)) {
                                PublicPathErrors.write(response, HttpStatus.NOT_FOUND);
                                return;
                            }
                            problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden",
                                    "You are not allowed to do this.");
                        }));
        return http.build();
    }

    /** Pages: sign-in by form, CSRF on every form, strict content security policy. */
    @Bean
    @Order(20)
    SecurityFilterChain pages(HttpSecurity http,
            ObjectProvider<ClientRegistrationRepository> externalProviders, ExternalSignIn externalSignIn,
            SecondFactorSecurity secondFactors, AdmissionProperties admission, Problems problems,
            List<AddressLimit> addressLimits, RateLimits rateLimits) throws Exception {
        secondFactorPages(http, secondFactors);
        http.addFilterBefore(new AnonymousBodyLimit(admission, problems, SELF_BOUNDED), CsrfFilter.class)
                .addFilterBefore(new AddressAdmission(addressLimits, rateLimits, problems), CsrfFilter.class);
        if (externalProviders.getIfAvailable() != null) {
            // "Sign in with ..." for each configured OpenID Connect provider; the first time, the person
            // proves the locker's mobile number before the two are linked.
            http.oauth2Login(login -> login.loginPage("/login").successHandler(externalSignIn)
                    .failureUrl("/login?externalFailed"));
        }
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/login", "/error", "/favicon.ico", "/favicon.svg").permitAll()
                        // Second factors: the second step of a sign-in, and setting factors up (see below).
                        .requestMatchers(SecondFactorSecurity.SECOND_FACTOR_PAGE,
                                SecondFactorSecurity.SECOND_FACTOR_PAGE + "/**").authenticated()
                        .requestMatchers(HttpMethod.DELETE, "/webauthn/register/**").denyAll()
                        .requestMatchers("/webauthn/register", SecondFactorSecurity.SECURITY_PAGE,
                                SecondFactorSecurity.SECURITY_PAGE + "/**").access(SecondFactorSecurity.enrolment())
                        .requestMatchers("/signup", "/signup/**", "/login/**", "/oauth2/**").permitAll()
                        .requestMatchers("/issuer/register").permitAll()
                        .requestMatchers(REQUESTER_REGISTER, REQUESTER_LOGIN).permitAll()
                        // The page a QR code opens (ADR 22), for anyone, without a session for a stranger.
                        .requestMatchers("/verify", "/verify/**").permitAll()
                        // Checking a signed file (issue 18): for anyone, limited by the signing module.
                        .requestMatchers(ESIGN_VERIFY_PAGE).permitAll()
                        // Share links (issue 17): the recipient has the link, not an account; the sharing module
                        // limits each address and finds a token only by its hash.
                        .requestMatchers("/s/**").permitAll()
                        // The e-sign CA's certificate and CRL (issue 18), which every e-sign certificate names.
                        .requestMatchers(HttpMethod.GET, "/esign/ca.pem", "/esign/crl").permitAll()
                        // Tijori's time-stamp authority: a DER request from any client, limited per address.
                        .requestMatchers(HttpMethod.POST, ESIGN_TSA).permitAll()
                        .requestMatchers("/profile", "/profile/**").hasRole("RESIDENT")
                        .requestMatchers("/dashboard", "/dashboard/**", "/locker/**").hasRole("RESIDENT")
                        .requestMatchers("/issuers", "/issuers/**").hasRole("RESIDENT")
                        .requestMatchers("/activity", "/activity.csv").hasRole("RESIDENT")
                        .requestMatchers("/issuer/login").permitAll()
                        .requestMatchers("/issuer", "/issuer/**").hasRole("ISSUER")
                        .requestMatchers("/requester", "/requester/**").hasRole("REQUESTER")
                        // The access gateway's consent page, from its authorization endpoint (ADR 23).
                        .requestMatchers(CONSENT_PAGE).hasRole("RESIDENT")
                        .requestMatchers("/admin", "/admin/**").access(SecondFactorSecurity.administrator())
                        .requestMatchers("/css/**", "/js/**", "/images/**", "/webjars/**").permitAll()
                        .requestMatchers("/swagger-ui", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().authenticated())
                .formLogin(login -> login.loginPage("/login").successHandler(SecurityConfiguration::landing).permitAll()
                        .failureHandler(signInFailures()))
                // Issuers and requesters sign in with their client ID and secret on pages of their own, not the
                // password form.
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/issuer/login"),
                                PathPatternRequestMatcher.withDefaults().matcher("/issuer/**"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(REQUESTER_LOGIN),
                                PathPatternRequestMatcher.withDefaults().matcher("/requester/**")))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessHandler(SecurityConfiguration::signedOut)
                        .deleteCookies("SESSION"))
                // A time-stamp request carries no cookie's authority: it changes nothing and its answer is public.
                .csrf(csrf -> csrf.ignoringRequestMatchers(
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, ESIGN_TSA)))
                .headers(headers -> {
                    secureHeaders(headers, null);
                    RequestMatcher camera = PathPatternRequestMatcher.withDefaults().matcher(CAMERA_PAGE);
                    headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(camera,
                                    new StaticHeadersWriter("Permissions-Policy", CAMERA_PERMISSIONS_POLICY)))
                            .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(camera),
                                    new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY)));
                    RequestMatcher swagger = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
                    // The consent page writes its own policy: its form-action names the requester's redirect origins.
                    RequestMatcher consent = PathPatternRequestMatcher.withDefaults().matcher(CONSENT_PAGE);
                    headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swagger,
                            new StaticHeadersWriter("Content-Security-Policy", SWAGGER_POLICY)));
                    headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                            new AndRequestMatcher(new NegatedRequestMatcher(swagger), new NegatedRequestMatcher(consent)),
                            new StaticHeadersWriter("Content-Security-Policy", PAGE_POLICY)));
                });
        return http.build();
    }

    /**
     * Second factors on the pages' chain: passkeys (Spring Security's WebAuthn filters), and a session that
     * waits for its second factor (or, for an administrator, for its set-up) is sent there instead of being
     * refused. Where a password sign-in lands is {@link #landing}.
     */
    private static void secondFactorPages(HttpSecurity http, SecondFactorSecurity secondFactors) throws Exception {
        secondFactors.passkeys(http);
        http.exceptionHandling(errors -> errors.accessDeniedHandler(
                secondFactors.pagesDenied(new AccessDeniedHandlerImpl())));
    }

    /**
     * A wrong password, and a password the sign-in throttle did not let anyone compare, each get their own
     * message (the throttle is taken inside authentication: see org.tijori.account.PasswordSignIn).
     */
    private static AuthenticationFailureHandler signInFailures() {
        var failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setDefaultFailureUrl("/login?error");
        failures.setExceptionMappings(Map.of(SignInThrottledException.class.getName(), "/login?throttled"));
        return failures;
    }

    private static void secureHeaders(HeadersConfigurer<HttpSecurity> headers, String contentSecurityPolicy) {
        headers.frameOptions(frame -> frame.deny())
                .contentTypeOptions(Customizer.withDefaults())
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                .crossOriginOpenerPolicy(Customizer.withDefaults())
                .crossOriginResourcePolicy(Customizer.withDefaults());
        if (contentSecurityPolicy != null) {
            // The pages' chain writes its own, one page allowing the camera.
            headers.addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY));
            headers.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy));
        }
    }

    /**
     * Residents land on their dashboard, everyone else on the home page; a password that is only the first of
     * two factors goes on to the second, or for an administrator without one, to setting one up.
     */
    private static void landing(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws java.io.IOException {
        String next = switch (SignInFactors.stageOf(authentication)) {
            case SECOND_FACTOR -> SecondFactorSecurity.SECOND_FACTOR_PAGE;
            case ENROLMENT -> SecondFactorSecurity.SECURITY_PAGE + "?required";
            default -> SecondFactorSecurity.landing(authentication);
        };
        response.sendRedirect(request.getContextPath() + next);
    }

    /** Issuers and requesters go back to their own sign-in pages, everyone else to the common one. */
    private static void signedOut(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws java.io.IOException {
        String page = hasRole(authentication, ISSUER_ROLE) ? "/issuer/login?logout"
                : hasRole(authentication, REQUESTER_ROLE) ? REQUESTER_LOGIN + "?logout" : "/login?logout";
        response.sendRedirect(request.getContextPath() + page);
    }

    private static boolean hasRole(Authentication authentication, String role) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(authority -> role.equals(authority.getAuthority()));
    }

    private static boolean cannotBeForged(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.AUTHORIZATION) != null || request.getRequestedSessionId() == null;
    }
}
