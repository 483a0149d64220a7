package org.tijori.gateway.server.web;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.account.OneTimePasswords;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPurpose;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.ConsentDuration;
import org.tijori.gateway.Consents;
import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.GrantingResident;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2DeviceCodeAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DigiLocker's device grant (ADR 23, #15): {@code grant_type=urn:ietf:params:oauth:grant-type:device_code},
 * {@code client_id}, {@code device_code} and {@code dl_otp}, the OTP the resident received. Runs before Spring
 * Authorization Server's device code provider: the OTP checked, it approves the authorization as Spring's verification
 * endpoint would (the resident as principal, the device scopes, the user code used up), records the resident's
 * consent ({@code DEVICE}, lasting {@code device-consent-duration}), and leaves the tokens to Spring's provider (an
 * access token; no refresh token for a device). A wrong OTP is {@code 400 invalid_grant} with the tries left; an OTP
 * tried too often or too late {@code 400 expired_token}, and the device code is dead.
 */
final class DeviceOtpGrant implements AuthenticationProvider {

    private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType("device_code");

    private final Authorizations authorizations;

    private final OneTimePasswords otps;

    private final ResidentAccounts accounts;

    private final Consents consents;

    private final TransactionTemplate transactions;

    private final GatewayProperties properties;

    private final AuthenticationProvider issuer;

    DeviceOtpGrant(Authorizations authorizations, OneTimePasswords otps, ResidentAccounts accounts, Consents consents,
            TransactionTemplate transactions, GatewayProperties properties,
            OAuth2TokenGenerator<? extends OAuth2Token> tokens) {
        this.issuer = new OAuth2DeviceCodeAuthenticationProvider(authorizations, tokens);
        this.authorizations = authorizations;
        this.otps = otps;
        this.accounts = accounts;
        this.consents = consents;
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * Reads the device grant's requests as Spring's converter does, into a token only this provider takes, so that
     * Spring's own device code provider never answers one in its place (a provider manager asks the next provider
     * after a refusal).
     */
    static AuthenticationConverter converter() {
        var spring = new OAuth2DeviceCodeAuthenticationConverter();
        return request -> {
            Authentication converted = spring.convert(request);
            return converted instanceof OAuth2DeviceCodeAuthenticationToken grant ? new OtpGrant(grant) : null;
        };
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var grant = ((OtpGrant) authentication).grant();
        if (!(grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
                || client.getRegisteredClient() == null) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        Object typed = grant.getAdditionalParameters().get("dl_otp");
        String otp = typed instanceof String text ? text.strip() : null;
        if (otp == null || otp.isEmpty()) {
            throw error(OAuth2ErrorCodes.INVALID_REQUEST, "The dl_otp parameter is missing: send the OTP the "
                    + "resident received.");
        }
        OAuth2Authorization authorization = authorizations.findByToken(grant.getDeviceCode(), DEVICE_CODE);
        if (authorization == null || !client.getRegisteredClient().getId().equals(
                authorization.getRegisteredClientId())) {
            return issuer.authenticate(grant);
        }
        OAuth2Authorization.Token<OAuth2UserCode> userCode = authorization.getToken(OAuth2UserCode.class);
        OAuth2Authorization.Token<OAuth2DeviceCode> deviceCode = authorization.getToken(OAuth2DeviceCode.class);
        if (userCode == null || deviceCode == null || userCode.isInvalidated()) {
            throw error(OAuth2ErrorCodes.INVALID_GRANT, "The device code was used already: ask for a new one.");
        }
        if (deviceCode.isInvalidated() || deviceCode.isExpired()) {
            throw expired();
        }
        OtpCheck check = otps.check(authorization.getAttribute(DeviceOtpAuthorizations.OTP_FLOW),
                OtpPurpose.PARTNER_DEVICE, otp);
        if (check instanceof OtpCheck.Rejected rejected) {
            throw error(OAuth2ErrorCodes.INVALID_GRANT, "The OTP is wrong: " + rejected.attemptsLeft()
                    + " tries left.");
        }
        String account = authorization.getAttribute(DeviceOtpAuthorizations.ACCOUNT);
        if (!(check instanceof OtpCheck.Confirmed) || account == null) {
            authorizations.save(OAuth2Authorization.from(authorization).invalidate(deviceCode.getToken()).build());
            throw expired();
        }
        ResidentAccount resident = accounts.find(AccountId.of(account)).orElseThrow(this::expired);
        Set<String> scopes = Set.copyOf(properties.deviceScopes());
        transactions.executeWithoutResult(status -> {
            authorizations.save(OAuth2Authorization.from(authorization)
                    .principalName(resident.lockerId().toString())
                    .authorizedScopes(scopes)
                    .attribute(Principal.class.getName(), new GrantingResident(resident.id(), resident.lockerId()))
                    .invalidate(userCode.getToken())
                    .build());
            consents.grant(new Consents.ConsentRequest(resident.id(),
                    new RequesterId(UUID.fromString(authorization.getRegisteredClientId())), Consent.Kind.DEVICE,
                    List.copyOf(properties.deviceScopes()), true, List.of(), null,
                    consentDuration(properties.deviceConsentDuration())), authorization.getId());
        });
        // Spring's device code provider now finds the authorization approved and issues its tokens.
        return issuer.authenticate(grant);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OtpGrant.class.isAssignableFrom(authentication);
    }

    /**
     * The consent's length for {@code device-consent-duration}: the shortest of the consent page's choices that
     * covers it (a day, a month, a year), since a consent's length is one of those.
     */
    static ConsentDuration consentDuration(Duration wanted) {
        if (wanted.compareTo(Duration.ofDays(1)) <= 0) {
            return ConsentDuration.DAY;
        }
        return wanted.compareTo(Duration.ofDays(30)) <= 0 ? ConsentDuration.MONTH : ConsentDuration.YEAR;
    }

    private OAuth2AuthenticationException expired() {
        return error("expired_token", "The device code has expired or was ended (its OTP tried too often, or "
                + "the code sent by another client): ask for a new device code.");
    }

    private static OAuth2AuthenticationException error(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
    }

    /** A device grant's request, as Spring's converter read it. */
    static final class OtpGrant extends OAuth2AuthorizationGrantAuthenticationToken {

        private final transient OAuth2DeviceCodeAuthenticationToken grant;

        OtpGrant(OAuth2DeviceCodeAuthenticationToken grant) {
            super(AuthorizationGrantType.DEVICE_CODE, (Authentication) grant.getPrincipal(),
                    grant.getAdditionalParameters());
            this.grant = grant;
        }

        OAuth2DeviceCodeAuthenticationToken grant() {
            return grant;
        }
    }
}
