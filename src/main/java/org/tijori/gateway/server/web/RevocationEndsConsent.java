package org.tijori.gateway.server.web;

import org.tijori.gateway.Consents;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.token.Authorizations;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;

/**
 * A requester revoking a token ends the consent it was issued under ({@code ended_by = REQUESTER}), and with it every
 * token of that consent (ADR 23): after Spring Security's revocation provider has checked that the token is the
 * requester's own. An unknown token is answered 200 and ends nothing (RFC 7009).
 */
final class RevocationEndsConsent implements AuthenticationProvider {

    private final AuthenticationProvider revocations;

    private final Authorizations authorizations;

    private final Consents consents;

    RevocationEndsConsent(AuthenticationProvider revocations, Authorizations authorizations, Consents consents) {
        this.revocations = revocations;
        this.authorizations = authorizations;
        this.consents = consents;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        Authentication revoked = revocations.authenticate(authentication);
        OAuth2TokenRevocationAuthenticationToken request = (OAuth2TokenRevocationAuthenticationToken) authentication;
        OAuth2Authorization authorization = authorizations.findByToken(request.getToken(), null);
        if (authorization != null) {
            authorizations.consentOf(authorization.getId())
                    .ifPresent(consent -> consents.end(consent, Consent.EndedBy.REQUESTER));
        }
        return revoked;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
