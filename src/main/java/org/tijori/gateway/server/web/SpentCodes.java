package org.tijori.gateway.server.web;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * An authorization code presented a second time (ADR 23, RFC 9700 4.2.4): Spring Security's code provider answers
 * {@code invalid_grant} and invalidates the tokens the code issued; this also revokes the authorization and ends its
 * consent ({@code REUSE}), as a reused refresh token does.
 */
final class SpentCodes implements AuthenticationProvider {

    static final String REASON = "code-reuse";

    private static final OAuth2TokenType CODE = new OAuth2TokenType("code");

    private final AuthenticationProvider codes;

    private final RotatingRefreshTokens.TokenFamilies families;

    SpentCodes(AuthenticationProvider codes, RotatingRefreshTokens.TokenFamilies families) {
        this.codes = codes;
        this.families = families;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        OAuth2AuthorizationCodeAuthenticationToken exchange = (OAuth2AuthorizationCodeAuthenticationToken) authentication;
        try {
            return codes.authenticate(authentication);
        }
        catch (OAuth2AuthenticationException refused) {
            OAuth2Authorization authorization = families.authorizations.findByToken(exchange.getCode(), CODE);
            RegisteredClient requester = ((OAuth2ClientAuthenticationToken) exchange.getPrincipal())
                    .getRegisteredClient();
            OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization == null ? null
                    : authorization.getToken(OAuth2AuthorizationCode.class);
            if (code != null && code.isInvalidated() && authorization.getAccessToken() != null) {
                families.revoke(authorization.getId(), requester, REASON);
            }
            throw refused;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2AuthorizationCodeAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
