package org.tijori.gateway.server.web;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.jwk.source.JWKSource;
import org.tijori.TijoriProperties;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.token.GatewayKeys;
import org.tijori.gateway.web.DigiLockerErrors;
import org.tijori.gateway.web.PartnerHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
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
 * {@link GatewayPaths} serves only the endpoints published so far: discovery and the JWKS, until the flows are
 * built on them.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    /** The endpoints served; every other endpoint of the authorization server answers 404. */
    static final List<GatewayPaths.Endpoint> PUBLISHED = List.of(
            new GatewayPaths.Endpoint(HttpMethod.GET, "/public/.well-known/openid-configuration"),
            new GatewayPaths.Endpoint(HttpMethod.GET, "/public/oauth2/1/jwks"));

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
    SecurityFilterChain authorizationServer(HttpSecurity http, GatewayKeys keys, TijoriProperties tijori)
            throws Exception {
        AuthorizationServerSettings settings = settings();
        var server = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(new AndRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/public/**"),
                        server.getEndpointsMatcher()))
                .with(server, configurer -> configurer
                        .authorizationServerSettings(settings)
                        .registeredClientRepository(new NoRequesters())
                        .oidc(oidc -> oidc.providerConfigurationEndpoint(discovery -> discovery
                                .providerConfigurationCustomizer(AuthorizationServerConfiguration::discovery))));
        http.setSharedObject(JWKSource.class, keys);
        // Whatever signs (ID tokens) signs with the one key that signs now, never with a listed public key.
        http.setSharedObject(JwtEncoder.class, new NimbusJwtEncoder(keys.signing()));
        http.authorizeHttpRequests(requests -> requests.anyRequest().denyAll())
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
                        .authenticationEntryPoint((request, response, e) -> DigiLockerErrors.notFound(response))
                        .accessDeniedHandler((request, response, e) -> DigiLockerErrors.notFound(response)))
                .addFilterAfter(new GatewayPaths(PUBLISHED), HeaderWriterFilter.class)
                // Before the endpoint filters (added later, at the same place) and after Spring Security's context.
                .addFilterBefore(new PinnedIssuer(issuer(tijori), settings),
                        AbstractPreAuthenticatedProcessingFilter.class);
        return http.build();
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

    /**
     * No requester is known to the authorization server until registration and the flows are built on it: the
     * endpoints that would ask are not published ({@link GatewayPaths}).
     */
    static final class NoRequesters implements RegisteredClientRepository {

        @Override
        public void save(RegisteredClient registeredClient) {
            throw new UnsupportedOperationException("Requesters are registered through the gateway, not here");
        }

        @Override
        public RegisteredClient findById(String id) {
            return null;
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            return null;
        }
    }
}
