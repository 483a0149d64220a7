package org.tijori.gateway.server.web;

import jakarta.servlet.http.HttpServletRequest;
import org.tijori.gateway.requester.RequesterClients;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * DigiLocker's device clients name themselves by {@code client_id} alone (ADR 23, open question 7): on the device
 * code endpoint, and on the token endpoint with the device grant, a request that carries a {@code client_id} and no
 * secret (neither in the body nor in an {@code Authorization} header) is a device client's, authenticated when an
 * approved {@code DEVICE} requester has that client ID. This is the converter and provider of Spring Authorization
 * Server's device-flow sample ({@code DeviceClientAuthenticationConverter}, {@code ...Provider}); Spring's own public
 * client authentication takes PKCE token requests only.
 */
final class DeviceClients {

    private DeviceClients() {
    }

    /** The device client's claim to be who it names, or null for a request that is not a device client's. */
    static AuthenticationConverter converter() {
        return DeviceClients::convert;
    }

    static Authentication convert(HttpServletRequest request) {
        if (!HttpMethod.POST.matches(request.getMethod())) {
            return null;
        }
        String path = request.getServletPath();
        boolean deviceCode = DeviceOtpAuthorizations.CODE.equals(path);
        boolean deviceToken = AuthorizationServerConfiguration.TOKEN.equals(path)
                && AuthorizationGrantType.DEVICE_CODE.getValue().equals(request.getParameter(
                        OAuth2ParameterNames.GRANT_TYPE));
        if (!deviceCode && !deviceToken || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
            return null;
        }
        String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
        if (clientIds == null || clientIds.length != 1 || clientIds[0].isBlank() || clientIds[0].length() > 64) {
            throw invalidClient();
        }
        return new OAuth2ClientAuthenticationToken(clientIds[0].strip(), ClientAuthenticationMethod.NONE, null,
                null);
    }

    /** Authenticates a device client's claim: an approved requester registered as {@code DEVICE}. */
    static AuthenticationProvider provider(RequesterClients requesters) {
        return new AuthenticationProvider() {

            @Override
            public Authentication authenticate(Authentication authentication) {
                var claim = (OAuth2ClientAuthenticationToken) authentication;
                if (!ClientAuthenticationMethod.NONE.equals(claim.getClientAuthenticationMethod())) {
                    return null;
                }
                RegisteredClient client = requesters.findByClientId((String) claim.getPrincipal());
                // A WEB requester naming itself without its secret is refused here, not by PKCE's checks.
                if (client == null || !client.getClientAuthenticationMethods().contains(
                        ClientAuthenticationMethod.NONE)) {
                    throw invalidClient();
                }
                return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    static OAuth2AuthenticationException invalidClient() {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
                "The client_id parameter is invalid", null));
    }
}
