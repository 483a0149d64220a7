package org.tijori.gateway.server.web;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.tijori.gateway.partner.PartnerProfiles;
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
 * {@code eaadhar}) and {@code reference_key}: what {@code /public/oauth2/1/user} answers, from the same
 * {@link PartnerProfiles} (read again at most every {@code PartnerProfiles.RECENT}).
 */
final class DigiLockerTokenAnswer implements Consumer<OAuth2AccessTokenAuthenticationContext> {

    private final Authorizations authorizations;

    private final PartnerProfiles residents;

    DigiLockerTokenAnswer(Authorizations authorizations, PartnerProfiles residents) {
        this.authorizations = authorizations;
        this.residents = residents;
    }

    @Override
    public void accept(OAuth2AccessTokenAuthenticationContext context) {
        OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
        String token = issued.getAccessToken().getTokenValue();
        OAuth2Authorization authorization = authorizations.justSaved(token)
                .orElseGet(() -> authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN));
        if (authorization == null
                || !(authorization.getAttribute(Principal.class.getName()) instanceof GrantingResident resident)) {
            return;
        }
        residents.recentProfileOf(resident.account(), issued.getRegisteredClient().getClientId()).ifPresent(profile -> {
            Map<String, Object> fields = new LinkedHashMap<>(context.getAccessTokenResponse().build()
                    .getAdditionalParameters());
            String eaadhaar = profile.nationalIdCard() ? "Y" : "N";
            fields.put("digilockerid", profile.lockerId());
            fields.put("digilocker_id", profile.lockerId());
            fields.put("name", profile.name());
            fields.put("dob", profile.dob());
            fields.put("gender", profile.gender());
            fields.put("eaadhaar", eaadhaar);
            fields.put("eaadhar", eaadhaar);
            fields.put("reference_key", profile.referenceKey());
            context.getAccessTokenResponse().additionalParameters(fields);
        });
    }
}
