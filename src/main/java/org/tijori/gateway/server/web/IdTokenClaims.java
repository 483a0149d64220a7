package org.tijori.gateway.server.web;

import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.token.GrantingResident;

import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The ID token's claims about the resident (ADR 23): {@code sub} and {@code digilockerid} the locker ID, {@code name},
 * {@code birthdate} ({@code YYYY-MM-DD}) and {@code gender} when known; it lives as long as an access token.
 */
final class IdTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final ResidentFacts residents;

    private final GatewayProperties properties;

    IdTokenClaims(ResidentFacts residents, GatewayProperties properties) {
        this.residents = residents;
        this.properties = properties;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!"id_token".equals(context.getTokenType().getValue())
                || !(context.getPrincipal() instanceof GrantingResident resident)) {
            return;
        }
        var claims = context.getClaims();
        claims.expiresAt(claims.build().getIssuedAt().plus(properties.accessTokenLifetime()));
        residents.of(resident.account(), context.getRegisteredClient().getClientId()).ifPresent(facts -> {
            claims.claim("digilockerid", facts.lockerId());
            claims.claim("name", facts.name());
            if (facts.dob() != null) {
                claims.claim("birthdate", facts.dob().toString());
            }
            if (!facts.gender().isEmpty()) {
                claims.claim("gender", facts.gender());
            }
        });
    }
}
