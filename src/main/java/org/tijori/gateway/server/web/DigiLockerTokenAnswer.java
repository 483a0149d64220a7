package org.tijori.gateway.server.web;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.GrantingResident;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;

/**
 * DigiLocker's token answer (ADR 23): beside {@code access_token}, {@code token_type}, {@code expires_in},
 * {@code scope} and {@code refresh_token}, the resident's {@code digilockerid} (also as {@code digilocker_id}, the
 * reference's other spelling), {@code name}, {@code dob} ({@code DDMMYYYY}), {@code gender}, {@code eaadhaar} (also
 * {@code eaadhar}) and {@code reference_key}.
 */
final class DigiLockerTokenAnswer implements Consumer<OAuth2AccessTokenAuthenticationContext> {

    private final Authorizations authorizations;

    private final ResidentFacts residents;

    DigiLockerTokenAnswer(Authorizations authorizations, ResidentFacts residents) {
        this.authorizations = authorizations;
        this.residents = residents;
    }

    @Override
    public void accept(OAuth2AccessTokenAuthenticationContext context) {
        OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
        OAuth2Authorization authorization = authorizations.findByToken(issued.getAccessToken().getTokenValue(),
                OAuth2TokenType.ACCESS_TOKEN);
        if (authorization == null
                || !(authorization.getAttribute(Principal.class.getName()) instanceof GrantingResident resident)) {
            return;
        }
        residents.of(resident.account(), issued.getRegisteredClient().getClientId()).ifPresent(facts -> {
            Map<String, Object> fields = new LinkedHashMap<>(context.getAccessTokenResponse().build()
                    .getAdditionalParameters());
            fields.put("digilockerid", facts.lockerId());
            fields.put("digilocker_id", facts.lockerId());
            fields.put("name", facts.name());
            fields.put("dob", facts.digiLockerDob());
            fields.put("gender", facts.gender());
            fields.put("eaadhaar", facts.eaadhaar());
            fields.put("eaadhar", facts.eaadhaar());
            fields.put("reference_key", facts.referenceKey());
            context.getAccessTokenResponse().additionalParameters(fields);
        });
    }
}
