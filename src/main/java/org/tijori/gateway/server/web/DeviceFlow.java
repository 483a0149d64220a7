package org.tijori.gateway.server.web;

import java.time.Instant;

import org.tijori.account.OneTimePasswords;
import org.tijori.account.RateLimits;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.Consents;
import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.requester.RequesterClients;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.ReferenceTokens;
import org.tijori.storage.SealedValues;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DigiLocker's device flow on the authorization server (ADR 23, "Device flow"), added to chain 1 in one place
 * ({@link #apply}): device clients authenticated by client ID ({@link DeviceClients}), the device code endpoint that
 * sends the resident an OTP ({@link DeviceOtpAuthorizations}), and the token grant that takes it
 * ({@link DeviceOtpGrant}, before Spring's device code provider).
 */
@Component
class DeviceFlow {

    private final RequesterClients requesters;

    private final ResidentAccounts accounts;

    private final OneTimePasswords otps;

    private final Authorizations authorizations;

    private final Consents consents;

    private final RateLimits limits;

    private final SealedValues sealed;

    private final TransactionTemplate transactions;

    private final GatewayProperties properties;

    DeviceFlow(RequesterClients requesters, ResidentAccounts accounts, OneTimePasswords otps,
            Authorizations authorizations, Consents consents, RateLimits limits, SealedValues sealed,
            TransactionTemplate transactions, GatewayProperties properties) {
        this.requesters = requesters;
        this.accounts = accounts;
        this.otps = otps;
        this.authorizations = authorizations;
        this.consents = consents;
        this.limits = limits;
        this.sealed = sealed;
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * Adds the device flow to the authorization server's configuration, keeping what was configured before.
     *
     * @param clientErrors what a client that fails to authenticate elsewhere is answered (and counted): the
     *                     device code endpoint's own refusals go before it
     */
    void apply(OAuth2AuthorizationServerConfigurer server, OAuth2TokenGenerator<? extends OAuth2Token> tokens,
            AuthenticationFailureHandler clientErrors) {
        server.clientAuthentication(clients -> clients
                        .authenticationConverter(DeviceClients.converter())
                        .authenticationProvider(DeviceClients.provider(requesters))
                        .errorResponseHandler(DeviceOtpAuthorizations.errors(clientErrors)))
                .deviceAuthorizationEndpoint(code -> code
                        .authenticationProviders(providers -> providers.replaceAll(provider -> {
                            if (provider instanceof OAuth2DeviceAuthorizationRequestAuthenticationProvider made) {
                                // ADR 23: a device code is 32 random bytes, as every other token of the gateway.
                                made.setDeviceCodeGenerator(context -> {
                                    Instant now = Instant.now();
                                    return new OAuth2DeviceCode(ReferenceTokens.newValue(), now, now.plus(context
                                            .getRegisteredClient().getTokenSettings().getDeviceCodeTimeToLive()));
                                });
                                return new DeviceOtpAuthorizations(provider, accounts, otps, authorizations, limits,
                                        sealed, properties);
                            }
                            return provider;
                        }))
                        .deviceAuthorizationResponseHandler(DeviceOtpAuthorizations.answer())
                        .errorResponseHandler(DeviceOtpAuthorizations.errors(OAuthErrorAnswers.json())))
                .tokenEndpoint(token -> token
                        .accessTokenRequestConverter(DeviceOtpGrant.converter())
                        .authenticationProvider(new DeviceOtpGrant(authorizations, otps, accounts, consents,
                                transactions, properties, tokens)));
    }
}
