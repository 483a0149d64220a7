package org.tijori.gateway;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the access gateway (ADR 23): token lifetimes, the signing keys' refresh, and the limits that are
 * checked before a partner request is read, as it authenticates, and per requester.
 *
 * @param codeLifetime how long an authorization code may be exchanged (single use); at most 10 minutes
 * @param accessTokenLifetime how long an access token lives, never past its consent's end; at most an hour
 *                            (RFC 9700)
 * @param deviceCodeLifetime how long a device code waits for its OTP (the OTP's own life)
 * @param deviceScopes the scopes a device flow grants: a device shows no consent page
 * @param deviceConsentDuration how long a consent given by the device flow's OTP lasts
 * @param keyRefresh how often each node reads the signing keys again
 * @param keyActivationDelay how long a new signing key is listed before it signs: longer than {@code keyRefresh},
 *                           so that every node lists a key before a token signed with it is seen
 * @param requestLifetime how old a form credential's {@code ts} may be, either way (DigiLocker's 30 minutes)
 * @param accessWindow how long each node gathers list and user-detail calls before they reach the resident's
 *                     connected apps and the requester's counts, one entry per consent and operation
 * @param requestsPerAddress partner requests one client address may send a minute to one node, counted in the
 *                           node's memory before anything is read
 * @param requestsPerClient authenticated requests one requester may send a minute to one node
 * @param failuresPerAddress failed authentications (client secret, token, form HMAC, replay) one address may cause
 *                           an hour, counted in PostgreSQL for all nodes; then the address is answered 429 unread
 * @param deviceCodesPerClient device codes one requester may ask for an hour
 * @param signUpsPerClient accounts one requester may open an hour through demographic authentication
 * @param demoAuthFailuresPerClient failed demographic authentications one requester may cause an hour
 * @param registrationsPerAddress requester registrations one client address may send an hour
 * @param portalSignInFailuresPerClient failed portal sign-ins one client ID may have in fifteen minutes
 * @param portalSignInFailuresPerAddress the same, for one client address, whatever client IDs it tries
 * @param maxTokenRequest the largest body of a token, revocation or device-code request
 * @param maxFormRequest the largest body of the other form requests (pull, sign-up, statistics)
 * @param statisticsCache how long the counts of {@code /statistics/1/counts} are kept before they are counted again
 */
@Validated
@ConfigurationProperties("tijori.gateway")
public record GatewayProperties(
        @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10) @DefaultValue("60s") Duration codeLifetime,
        @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) @DefaultValue("1h") Duration accessTokenLifetime,
        @NotNull @DurationMin(seconds = 30) @DefaultValue("10m") Duration deviceCodeLifetime,
        @NotEmpty @DefaultValue({ "userdetails", "files.issueddocs", "files.uploadeddocs" }) List<String> deviceScopes,
        @NotNull @DurationMin(minutes = 1) @DefaultValue("1d") Duration deviceConsentDuration,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("1m") Duration keyRefresh,
        @NotNull @DefaultValue("10m") Duration keyActivationDelay,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("30m") Duration requestLifetime,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("1m") Duration accessWindow,
        @Min(1) @DefaultValue("1200") int requestsPerAddress,
        @Min(1) @DefaultValue("6000") int requestsPerClient,
        @Min(1) @DefaultValue("300") int failuresPerAddress,
        @Min(1) @DefaultValue("600") int deviceCodesPerClient,
        @Min(1) @DefaultValue("100") int signUpsPerClient,
        @Min(1) @DefaultValue("20") int demoAuthFailuresPerClient,
        @Min(1) @DefaultValue("20") int registrationsPerAddress,
        @Min(1) @DefaultValue("10") int portalSignInFailuresPerClient,
        @Min(1) @DefaultValue("10") int portalSignInFailuresPerAddress,
        @NotNull @DefaultValue("16KB") DataSize maxTokenRequest,
        @NotNull @DefaultValue("64KB") DataSize maxFormRequest,
        @NotNull @DefaultValue("10m") Duration statisticsCache) {

    public GatewayProperties {
        deviceScopes = List.copyOf(deviceScopes);
    }

    @AssertTrue(message = "tijori.gateway.key-activation-delay must be longer than tijori.gateway.key-refresh")
    public boolean isActivationAfterRefresh() {
        return keyActivationDelay == null || keyRefresh == null || keyActivationDelay.compareTo(keyRefresh) > 0;
    }

    @AssertTrue(message = "tijori.gateway.device-scopes must name scopes the gateway knows, openid excepted")
    public boolean isDeviceScopesKnown() {
        return deviceScopes == null || deviceScopes.stream().allMatch(scope -> PartnerScope.named(scope)
                .filter(known -> known != PartnerScope.OPENID).isPresent());
    }

    @AssertTrue(message = "tijori.gateway.max-token-request and max-form-request must be between 1 KB and 1 MB")
    public boolean isBodyLimitBounded() {
        return bounded(maxTokenRequest) && bounded(maxFormRequest);
    }

    private static boolean bounded(DataSize size) {
        return size == null || size.toBytes() >= 1024 && size.toBytes() <= 1024 * 1024;
    }
}
