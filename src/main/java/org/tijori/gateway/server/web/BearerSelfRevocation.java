package org.tijori.gateway.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.Consents;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.PartnerAccess;
import org.tijori.gateway.web.DigiLockerErrors;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * DigiLocker's revocation with the access token alone (ADR 23): a request to the revocation endpoint that carries
 * {@code Authorization: Bearer} and no client credentials revokes that token's own authorization and ends its consent
 * ({@code REQUESTER}); a token that is not live is {@code 401 invalid_token}. A request with client credentials goes
 * on to Spring Security's endpoint. A bearer token can only ever revoke what it is itself part of.
 */
final class BearerSelfRevocation extends OncePerRequestFilter {

    static final String REVOKE = "/public/oauth2/1/revoke";

    private final AccessTokens accessTokens;

    private final Authorizations authorizations;

    private final Consents consents;

    BearerSelfRevocation(AccessTokens accessTokens, Authorizations authorizations, Consents consents) {
        this.accessTokens = accessTokens;
        this.authorizations = authorizations;
        this.consents = consents;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return !"POST".equals(request.getMethod()) || !REVOKE.equals(request.getServletPath())
                || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || request.getParameter("client_id") != null || request.getParameter("client_secret") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader("Authorization").substring(7).trim();
        PartnerAccess access;
        try {
            access = (PartnerAccess) accessTokens.introspect(token);
        }
        catch (BadOpaqueTokenException notLive) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            DigiLockerErrors.write(response, HttpStatus.UNAUTHORIZED, "invalid_token",
                    "The access token is invalid");
            return;
        }
        OAuth2Authorization authorization = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
        if (authorization != null) {
            authorizations.revoke(authorization.getId(), "revoked-by-bearer");
        }
        consents.end(access.consent(), Consent.EndedBy.REQUESTER);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentLength(0);
    }
}
