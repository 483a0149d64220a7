package org.tijori.gateway.server.web;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

/**
 * Nothing is kept in Spring Security's consent store: a resident's consent is the gateway's own record
 * ({@code gateway_consent}, with its receipt), and every authorization asks the resident again.
 */
final class AlwaysAskConsents implements OAuth2AuthorizationConsentService {

    @Override
    public void save(OAuth2AuthorizationConsent authorizationConsent) {
    }

    @Override
    public void remove(OAuth2AuthorizationConsent authorizationConsent) {
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        return null;
    }
}
