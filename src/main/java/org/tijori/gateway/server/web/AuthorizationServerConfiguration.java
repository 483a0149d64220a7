package org.tijori.gateway.server.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.jwk.source.JWKSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;
import org.tijori.TijoriProperties;
import org.tijori.account.web.SecondFactorSecurity;
import org.tijori.account.web.SignInResume;
import org.tijori.gateway.Consents;
import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.partner.PartnerLimits;
import org.tijori.gateway.partner.PartnerProfiles;
import org.tijori.gateway.requester.ClientSecrets;
import org.tijori.gateway.requester.RequesterClients;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.GatewayKeys;
import org.tijori.gateway.token.ReferenceTokens;
import org.tijori.issuer.HeldDocuments;
import org.tijori.gateway.web.DigiLockerErrors;
import org.tijori.gateway.web.PartnerHeaders;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;

/**
 * Chain 1 of ADR 23: Spring Security's authorization server, customised rather than re-written, on DigiLocker's
 * paths under {@code /public}. Its endpoints are DigiLocker's ({@code /oauth2/1/authorize}, {@code /oauth2/1/token},
 * {@code /oauth2/1/code}, {@code /oauth2/1/revoke}) plus OpenID Connect discovery
 * ({@code /public/.well-known/openid-configuration}) and the JWKS ({@code /public/oauth2/1/jwks}). Several issuers are
 * allowed only so that Spring Security matches its endpoints below {@code /public} and advertises
 * {@code …/public/oauth2/1/…}; {@link PinnedIssuer} then names the one issuer {@code ${tijori.base-url}/public}, and
 * {@link GatewayPaths} serves only the endpoints published so far: discovery, the JWKS, and the authorization code
 * flow's authorization, token and revocation endpoints (the device flow's comes with its slice).
 * <p>
 * The customisations, each in a class of its own: DigiLocker's spellings and default scopes
 * ({@link TolerantAuthorizationRequests}), exact redirect URIs ({@link ExactRedirectUris}), a consent asked every time
 * on Tijori's page and recorded as the gateway's own ({@link AlwaysAskConsents}, {@link ConsentCapture}, whose form
 * needs its CSRF token: {@link ConsentFormCsrf}), JSON token requests ({@link JsonTokenRequests}), the second token
 * path ({@link TokenAlias}), opaque tokens capped by their consent ({@code ReferenceTokens}), rotation with family
 * revocation ({@link RotatingRefreshTokens}, {@link SpentCodes}), revocation ending the consent
 * ({@link RevocationEndsConsent}, {@link BearerSelfRevocation}), DigiLocker's token answer
 * ({@link DigiLockerTokenAnswer}) and ID token claims ({@link IdTokenClaims}), and DigiLocker's error bodies
 * ({@link OAuthErrorAnswers}).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    /** The endpoints served; every other endpoint of the authorization server answers 404. */
    static final List<GatewayPaths.Endpoint> PUBLISHED = List.of(
            new GatewayPaths.Endpoint(HttpMethod.GET, "/public/.well-known/openid-configuration"),
            new GatewayPaths.Endpoint(HttpMethod.GET, "/public/oauth2/1/jwks"),
            new GatewayPaths.Endpoint(HttpMethod.GET, "/public/oauth2/1/authorize"),
            new GatewayPaths.Endpoint(HttpMethod.POST, "/public/oauth2/1/authorize"),
            new GatewayPaths.Endpoint(HttpMethod.POST, "/public/oauth2/1/token"),
            new GatewayPaths.Endpoint(HttpMethod.POST, "/public/oauth2/1/revoke"),
            new GatewayPaths.Endpoint(HttpMethod.POST, DeviceOtpAuthorizations.CODE));

    static final String AUTHORIZE = "/public/oauth2/1/authorize";

    static final String TOKEN = "/public/oauth2/1/token";

    static final String REVOKE = "/public/oauth2/1/revoke";

    static final String JWKS = "/public/oauth2/1/jwks";

    /** Where the authorization endpoint sends a resident to consent. */
    static final String CONSENT_PAGE = "/consent";

    /** The grants Tijori offers; Spring Security also advertises grants no requester is registered for. */
    static final Set<String> GRANTS = Set.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
            AuthorizationGrantType.REFRESH_TOKEN.getValue(), AuthorizationGrantType.DEVICE_CODE.getValue());

    /** How a requester authenticates at the token endpoint: its secret, or nothing for a device client. */
    static final List<String> CLIENT_AUTHENTICATION = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
            ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue(), ClientAuthenticationMethod.NONE.getValue());

    /** Only a requester with a secret has a token worth revoking (device grants get no refresh token). */
    static final List<String> REVOCATION_AUTHENTICATION = CLIENT_AUTHENTICATION.subList(0, 2);

    /** What discovery must not advertise: endpoints and features Tijori does not offer. */
    static final List<String> NOT_OFFERED = List.of("introspection_endpoint",
            "introspection_endpoint_auth_methods_supported", "userinfo_endpoint", "end_session_endpoint",
            "registration_endpoint", "pushed_authorization_request_endpoint",
            "require_pushed_authorization_requests", "tls_client_certificate_bound_access_tokens",
            "dpop_signing_alg_values_supported");

    static AuthorizationServerSettings settings() {
        return AuthorizationServerSettings.builder()
                .multipleIssuersAllowed(true)
                .authorizationEndpoint("/oauth2/1/authorize")
                .tokenEndpoint("/oauth2/1/token")
                .deviceAuthorizationEndpoint("/oauth2/1/code")
                .tokenRevocationEndpoint("/oauth2/1/revoke")
                .jwkSetEndpoint("/oauth2/1/jwks")
                .build();
    }

    /** {@code ${tijori.base-url}/public}, the one issuer discovery, tokens and receipts name. */
    static String issuer(TijoriProperties tijori) {
        String base = tijori.baseUrl().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/public";
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http, GatewayKeys keys, TijoriProperties tijori,
            RequesterClients requesters, ClientSecrets secrets, Authorizations authorizations,
            ReferenceTokens referenceTokens, Consents consents, HeldDocuments documents, AccessTokens accessTokens,
            PartnerProfiles residents, GatewayProperties properties, SecondFactorSecurity secondFactors,
            ApplicationEventPublisher events, ITemplateEngine templates, PartnerLimits limits) throws Exception {
        AuthorizationServerSettings settings = settings();
        var server = new OAuth2AuthorizationServerConfigurer();
        JwtGenerator idTokens = new JwtGenerator(new NimbusJwtEncoder(keys.signing()));
        idTokens.setJwtCustomizer(new IdTokenClaims(residents, properties));
        OAuth2TokenGenerator<OAuth2AuthorizationCode> codes =
                context -> (OAuth2AuthorizationCode) referenceTokens.generate(context);
        var families = new RotatingRefreshTokens.TokenFamilies(authorizations, consents, events);
        var tokenAnswers = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        tokenAnswers.setAccessTokenResponseCustomizer(new DigiLockerTokenAnswer(authorizations, residents));
        // A client that fails to authenticate: counted against its address's failures (ClientLimits), set once for
        // the code flow's endpoints and the device flow's alike.
        AuthenticationFailureHandler clientErrors = OAuthErrorAnswers.clients(limits);
        http.securityMatcher(new AndRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/public/**"),
                        server.getEndpointsMatcher()))
                .with(server, configurer -> configurer
                        .authorizationServerSettings(settings)
                        .registeredClientRepository(requesters)
                        .authorizationService(authorizations)
                        .authorizationConsentService(new AlwaysAskConsents())
                        .tokenGenerator(new DelegatingOAuth2TokenGenerator(idTokens, referenceTokens))
                        .clientAuthentication(clients -> clients
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof ClientSecretAuthenticationProvider secretsProvider) {
                                        secretsProvider.setPasswordEncoder(secrets.passwordEncoder());
                                    }
                                }))
                                .errorResponseHandler(clientErrors))
                        .authorizationEndpoint(authorize -> authorize
                                .consentPage(CONSENT_PAGE)
                                .authorizationRequestConverters(converters -> {
                                    var tolerant = new TolerantAuthorizationRequests(converters);
                                    converters.clear();
                                    converters.add(tolerant);
                                })
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider asked) {
                                        asked.setAuthenticationValidator(new ExactRedirectUris().andThen(
                                                OAuth2AuthorizationCodeRequestAuthenticationValidator
                                                        .DEFAULT_SCOPE_VALIDATOR));
                                        asked.setAuthorizationConsentRequired(context -> true);
                                        asked.setAuthorizationCodeGenerator(codes);
                                    }
                                    if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider answered) {
                                        answered.setAuthorizationConsentCustomizer(
                                                new ConsentCapture(consents, documents));
                                        answered.setAuthorizationCodeGenerator(codes);
                                    }
                                }))
                                .errorResponseHandler(OAuthErrorAnswers.authorization(templates)))
                        .tokenEndpoint(token -> token
                                .authenticationProviders(providers -> providers.replaceAll(provider ->
                                        provider instanceof OAuth2RefreshTokenAuthenticationProvider
                                                ? new RotatingRefreshTokens(provider, families)
                                                : provider instanceof OAuth2AuthorizationCodeAuthenticationProvider
                                                        ? new SpentCodes(provider, families) : provider))
                                .accessTokenResponseHandler(tokenAnswers)
                                .errorResponseHandler(OAuthErrorAnswers.json()))
                        .tokenRevocationEndpoint(revoke -> revoke
                                .authenticationProviders(providers -> providers.replaceAll(provider ->
                                        provider instanceof OAuth2TokenRevocationAuthenticationProvider
                                                ? new RevocationEndsConsent(provider, authorizations, consents)
                                                : provider))
                                .errorResponseHandler(OAuthErrorAnswers.json()))
                        .oidc(oidc -> oidc.providerConfigurationEndpoint(discovery -> discovery
                                .providerConfigurationCustomizer(AuthorizationServerConfiguration::discovery))));
        // DigiLocker's device flow (ADR 23, S9): added to what is configured above, in this one place.
        http.getSharedObject(ApplicationContext.class).getBean(DeviceFlow.class).apply(server,
                http.getSharedObject(OAuth2TokenGenerator.class), clientErrors);
        http.setSharedObject(JWKSource.class, keys);
        // Whatever signs (ID tokens) signs with the one key that signs now, never with a listed public key.
        http.setSharedObject(JwtEncoder.class, new NimbusJwtEncoder(keys.signing()));
        AccessDeniedHandler residentsOnly = secondFactors.pagesDenied((request, response, denied) -> {
            if (denied instanceof CsrfException) {
                DigiLockerErrors.write(response, HttpStatus.FORBIDDEN, "access_denied",
                        "The consent form was not sent from Tijori's consent page");
                return;
            }
            DigiLockerErrors.write(response, HttpStatus.FORBIDDEN, "access_denied",
                    "Only a resident may answer an authorization request");
        });
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/public/.well-known/openid-configuration", JWKS).permitAll()
                        .requestMatchers(AUTHORIZE).hasRole("RESIDENT")
                        .requestMatchers(HttpMethod.POST, TOKEN, REVOKE, DeviceOtpAuthorizations.CODE).authenticated()
                        .anyRequest().denyAll())
                // Spring Security's user-info endpoint reads JWT bearer tokens on this chain. It is not published
                // (GatewayPaths), and Tijori's access tokens are opaque: no bearer token is read here.
                .oauth2ResourceServer(resourceServer -> resourceServer.bearerTokenResolver(request -> null)
                        .jwt(jwt -> jwt.decoder(token -> {
                            throw new BadJwtException("The gateway's access tokens are not JWTs");
                        })))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(cache -> cache.disable())
                .headers(PartnerHeaders::apply)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(AuthorizationServerConfiguration::signInFirst)
                        .accessDeniedHandler((request, response, denied) -> {
                            if (AUTHORIZE.equals(request.getServletPath())) {
                                SignInResume.remember(request);
                                residentsOnly.handle(request, response, denied);
                                return;
                            }
                            DigiLockerErrors.notFound(response);
                        }))
                .addFilterAfter(new GatewayPaths(PUBLISHED), HeaderWriterFilter.class)
                .addFilterAfter(ConsentFormCsrf.filter(), CsrfFilter.class)
                // After client authentication (added after the pre-authentication filter), before authorization.
                .addFilterBefore(new ClientLimits(limits), AuthorizationFilter.class)
                // Before the endpoint filters (added later, at the same place) and after Spring Security's context.
                .addFilterBefore(new PinnedIssuer(issuer(tijori), settings),
                        AbstractPreAuthenticatedProcessingFilter.class)
                .addFilterBefore(new JsonTokenRequests((int) properties.maxTokenRequest().toBytes()),
                        AbstractPreAuthenticatedProcessingFilter.class)
                .addFilterBefore(new BearerSelfRevocation(accessTokens, authorizations, consents),
                        AbstractPreAuthenticatedProcessingFilter.class);
        return http.build();
    }

    /**
     * A resident who is not signed in is sent to sign in (or to sign up, when the requester asked with
     * {@code dl_flow=signup}) and comes back here afterwards ({@link SignInResume}); a requester at the token or
     * revocation endpoint without credentials is {@code 401 invalid_client}.
     */
    static void signInFirst(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String path = request.getServletPath();
        if (AUTHORIZE.equals(path)) {
            SignInResume.remember(request);
            boolean signUp = "signup".equals(request.getParameter("dl_flow"));
            response.sendRedirect(request.getContextPath() + (signUp ? "/signup" : "/login"));
            return;
        }
        if (DeviceOtpAuthorizations.CODE.equals(path)) {
            DigiLockerErrors.write(response, HttpStatus.UNAUTHORIZED, "invalid_client_id",
                    "The client_id parameter is invalid");
            return;
        }
        if (TOKEN.equals(path) || REVOKE.equals(path)) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"tijori\"");
            DigiLockerErrors.write(response, HttpStatus.UNAUTHORIZED, "invalid_client",
                    "Client authentication failed");
            return;
        }
        DigiLockerErrors.notFound(response);
    }

    /** {@code /public/oauth2/2/token}, DigiLocker's second path of the token endpoint, is the first. */
    @Bean
    FilterRegistrationBean<TokenAlias> gatewayTokenAlias() {
        var registration = new FilterRegistrationBean<>(new TokenAlias());
        registration.addUrlPatterns(TokenAlias.ALIAS);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    /**
     * The discovery document advertises what Tijori offers: DigiLocker's scopes, PKCE with {@code S256} only, client
     * secrets (or none, for device clients), RS256 ID tokens; and none of the endpoints it does not publish.
     */
    static void discovery(OidcProviderConfiguration.Builder discovery) {
        discovery.scopes(scopes -> {
                    scopes.clear();
                    Arrays.stream(PartnerScope.values()).map(PartnerScope::value).forEach(scopes::add);
                })
                .codeChallengeMethods(methods -> {
                    methods.clear();
                    methods.add("S256");
                })
                .tokenEndpointAuthenticationMethods(methods -> {
                    methods.clear();
                    methods.addAll(CLIENT_AUTHENTICATION);
                })
                .tokenRevocationEndpointAuthenticationMethods(methods -> {
                    methods.clear();
                    methods.addAll(REVOCATION_AUTHENTICATION);
                })
                .grantTypes(grants -> grants.removeIf(grant -> !GRANTS.contains(grant)))
                .responseTypes(types -> {
                    types.clear();
                    types.add("code");
                })
                .idTokenSigningAlgorithms(algorithms -> {
                    algorithms.clear();
                    algorithms.add(SignatureAlgorithm.RS256.getName());
                })
                .claims(claims -> NOT_OFFERED.forEach(claims::remove));
    }
}
