package org.tijori.gateway.server.web;

import java.util.function.Consumer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * A redirect URI is one the requester registered, character for character (RFC 9700, 2.1): no other port of a loopback
 * address (which Spring Security's own check allows, after RFC 8252), no prefix, no case or trailing slash of
 * difference; and the request must name it. Anything else is answered on Tijori's own error page, never sent to an
 * address nobody registered.
 */
final class ExactRedirectUris implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        String asked = request.getRedirectUri();
        if (asked != null && context.getRegisteredClient().getRedirectUris().contains(asked)) {
            return;
        }
        OAuth2AuthorizationCodeRequestAuthenticationToken withoutRedirect =
                new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(),
                        request.getClientId(), (Authentication) request.getPrincipal(), null, request.getState(),
                        request.getScopes(), request.getAdditionalParameters());
        throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error("invalid_request",
                asked == null ? "The redirect_uri is missing" : "The redirect_uri is not one the requester registered",
                null), withoutRedirect);
    }
}
