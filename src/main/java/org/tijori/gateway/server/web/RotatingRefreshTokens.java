package org.tijori.gateway.server.web;

import java.security.Principal;
import java.util.Optional;

import org.tijori.account.AccountId;
import org.tijori.gateway.Consents;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.events.TokenFamilyRevoked;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.GrantingResident;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Refresh token rotation with family revocation (ADR 23, RFC 9700 4.14.2). Spring Security's refresh provider issues
 * a new pair each time but does nothing when an old refresh token comes back; this wraps it: a presented token that
 * the provider refuses because it was already spent, or one that loses the race of two refreshes with it
 * ({@link Authorizations.LostRotation}),
 * revokes the whole authorization (the newest access and refresh tokens too), ends its consent ({@code REUSE}) and
 * answers {@code invalid_grant}. Whoever presented the old token may be the thief, or the victim: neither keeps
 * access, and the resident consents again.
 */
final class RotatingRefreshTokens implements AuthenticationProvider {

    static final String REASON = "refresh-reuse";

    private final AuthenticationProvider refreshes;

    private final TokenFamilies families;

    RotatingRefreshTokens(AuthenticationProvider refreshes, TokenFamilies families) {
        this.refreshes = refreshes;
        this.families = families;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        OAuth2RefreshTokenAuthenticationToken refresh = (OAuth2RefreshTokenAuthenticationToken) authentication;
        RegisteredClient client = ((OAuth2ClientAuthenticationToken) refresh.getPrincipal()).getRegisteredClient();
        try {
            return refreshes.authenticate(authentication);
        }
        catch (Authorizations.LostRotation lost) {
            families.authorizations.spentRefresh(refresh.getRefreshToken())
                    .ifPresent(authorization -> families.revoke(authorization, client, REASON));
            throw reused();
        }
        catch (OAuth2AuthenticationException refused) {
            // A token that is not its authorization's current refresh token: a spent one is a replay.
            Optional<String> spent = families.authorizations.spentRefresh(refresh.getRefreshToken());
            if (spent.isPresent()) {
                families.revoke(spent.get(), client, REASON);
                throw reused();
            }
            throw refused;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static OAuth2AuthenticationException reused() {
        return new OAuth2AuthenticationException(new OAuth2Error("invalid_grant",
                "The refresh token was already used: every token of this authorization is revoked", null));
    }

    /** Revokes a whole authorization and ends its consent, when it belongs to the client that presented a token. */
    static final class TokenFamilies {

        final Authorizations authorizations;

        private final Consents consents;

        private final ApplicationEventPublisher events;

        TokenFamilies(Authorizations authorizations, Consents consents, ApplicationEventPublisher events) {
            this.authorizations = authorizations;
            this.consents = consents;
            this.events = events;
        }

        /**
         * @param client the requester that presented the token: another's spent token revokes nothing of that
         *               other's
         */
        void revoke(String authorizationId, RegisteredClient client, String reason) {
            OAuth2Authorization authorization = authorizations.findById(authorizationId);
            if (authorization == null || !authorization.getRegisteredClientId().equals(client.getId())) {
                return;
            }
            authorizations.revoke(authorizationId, reason);
            authorizations.consentOf(authorizationId)
                    .ifPresent(consent -> consents.end(consent, Consent.EndedBy.REUSE));
            AccountId account = authorization.getAttribute(Principal.class.getName()) instanceof GrantingResident
                    resident ? resident.account() : null;
            events.publishEvent(new TokenFamilyRevoked(account, client.getClientId(), authorizationId, reason));
        }
    }
}
