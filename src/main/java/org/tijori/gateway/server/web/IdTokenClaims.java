package org.tijori.gateway.server.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.partner.PartnerProfiles;
import org.tijori.gateway.token.GrantingResident;

import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The ID token's claims about the resident (ADR 23): {@code sub} and {@code digilockerid} the locker ID, {@code name},
 * {@code birthdate} ({@code YYYY-MM-DD}) and {@code gender} when known; it lives as long as an access token.
 */
final class IdTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private static final DateTimeFormatter DDMMYYYY = DateTimeFormatter.ofPattern("ddMMuuuu");

    private final PartnerProfiles residents;

    private final GatewayProperties properties;

    IdTokenClaims(PartnerProfiles residents, GatewayProperties properties) {
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
        // The same details as the token answer beside this ID token (DigiLockerTokenAnswer), read once for both.
        String clientId = context.getRegisteredClient().getClientId();
        residents.recentProfileOf(resident.account(), clientId).ifPresent(profile -> {
            claims.claim("digilockerid", profile.lockerId());
            claims.claim("name", profile.name());
            if (!profile.dob().isEmpty()) {
                claims.claim("birthdate", LocalDate.parse(profile.dob(), DDMMYYYY).toString());
            }
            if (!profile.gender().isEmpty()) {
                claims.claim("gender", profile.gender());
            }
        });
    }
}
