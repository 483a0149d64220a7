package org.tijori.gateway.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.stereotype.Component;

/**
 * The gateway's opaque tokens (ADR 23): authorization codes, access tokens and refresh tokens, each 32 random bytes
 * in base64url (43 characters), of which {@link Authorizations} keeps only the SHA-256. An access token lives
 * {@code access-token-lifetime} and never past the end of its consent; a refresh token lives as long as its consent,
 * and there is none for a consent given for this time only ({@code ONCE}) nor for a device grant. A token is never
 * made under a consent that has ended or expired.
 */
@Component
public class ReferenceTokens implements OAuth2TokenGenerator<OAuth2Token> {

    private static final SecureRandom random = new SecureRandom();

    private static final OAuth2TokenType CODE = new OAuth2TokenType("code");

    private final Clock clock;

    ReferenceTokens(Clock clock) {
        this.clock = clock;
    }

    /** A new value: 32 random bytes, base64url without padding. */
    public static String newValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public OAuth2Token generate(OAuth2TokenContext context) {
        Instant now = clock.instant();
        if (CODE.equals(context.getTokenType())) {
            return new OAuth2AuthorizationCode(newValue(), now,
                    now.plus(context.getRegisteredClient().getTokenSettings().getAuthorizationCodeTimeToLive()));
        }
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            if (!OAuth2TokenFormat.REFERENCE.equals(
                    context.getRegisteredClient().getTokenSettings().getAccessTokenFormat())) {
                return null;
            }
            Instant ends = now.plus(context.getRegisteredClient().getTokenSettings().getAccessTokenTimeToLive());
            LinkedConsent consent = liveConsent(context.getAuthorization(), now);
            if (consent != null && consent.expiresAt().isBefore(ends)) {
                ends = consent.expiresAt();
            }
            return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, newValue(), now, ends,
                    context.getAuthorizedScopes());
        }
        if (OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
            if (AuthorizationGrantType.DEVICE_CODE.equals(context.getAuthorizationGrantType())
                    || !context.getRegisteredClient().getAuthorizationGrantTypes()
                            .contains(AuthorizationGrantType.REFRESH_TOKEN)) {
                return null;
            }
            LinkedConsent consent = liveConsent(context.getAuthorization(), now);
            if (consent == null || consent.duration() == org.tijori.gateway.ConsentDuration.ONCE) {
                return null;
            }
            return new OAuth2RefreshToken(newValue(), now, consent.expiresAt());
        }
        return null;
    }

    /**
     * The consent an authorization was granted under, refusing a token under one that has ended or expired; null for
     * an authorization granted under none yet.
     */
    private static LinkedConsent liveConsent(OAuth2Authorization authorization, Instant now) {
        LinkedConsent consent = authorization == null ? null : authorization.getAttribute(LinkedConsent.ATTRIBUTE);
        if (consent != null && !consent.liveAt(now)) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_grant",
                    "The resident's consent has ended", null));
        }
        return consent;
    }
}
