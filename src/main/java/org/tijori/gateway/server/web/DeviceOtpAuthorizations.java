package org.tijori.gateway.server.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.account.MobileNumber;
import org.tijori.account.OneTimePasswords;
import org.tijori.account.OtpChallenge;
import org.tijori.account.OtpPurpose;
import org.tijori.account.RateLimitedException;
import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.SmsNotSentException;
import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.web.DigiLockerErrors;
import org.tijori.storage.SealedValues;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * DigiLocker's device code request (ADR 23, #4): {@code POST /public/oauth2/1/code} with {@code client_id},
 * {@code dl_mobile} or {@code dl_username}, and {@code response_type=device_code}. Spring Authorization Server's
 * device authorization provider makes the authorization (its device code and a user code that is never shown); this
 * wrapper checks DigiLocker's parameters first, then finds the resident, sends the OTP ({@code PARTNER_DEVICE}) to the
 * account's number, keeps the OTP's flow with the authorization, and answers {@code device_code},
 * {@code dl_masked_mobile}, {@code dl_masked_email} (always empty: residents have no e-mail) and {@code expires_in}.
 * <p>
 * A username or number without a locker gets the same answer after the same work: the code is "sent" to a stand-in
 * number (for a username, made from a keyed fingerprint of it, so nobody can aim it at a real number), nothing is
 * delivered, and no code can be confirmed. Limits: {@code device-codes-per-client} an hour, and the OTP's own per
 * number and per address.
 */
final class DeviceOtpAuthorizations implements AuthenticationProvider {

    static final String CODE = "/public/oauth2/1/code";

    /** The authorization's attributes: the OTP's flow and the account it was sent for (absent for none). */
    static final String OTP_FLOW = "dl_otp_flow";

    static final String ACCOUNT = "dl_account";

    static final String STAND_IN = "gateway/device-stand-in";

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,31}");

    private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType("device_code");

    private final AuthenticationProvider delegate;

    private final ResidentAccounts accounts;

    private final OneTimePasswords otps;

    private final Authorizations authorizations;

    private final RateLimits limits;

    private final RateLimit perClient;

    private final SealedValues sealed;

    DeviceOtpAuthorizations(AuthenticationProvider delegate, ResidentAccounts accounts, OneTimePasswords otps,
            Authorizations authorizations, RateLimits limits, SealedValues sealed, GatewayProperties properties) {
        this.delegate = delegate;
        this.accounts = accounts;
        this.otps = otps;
        this.authorizations = authorizations;
        this.limits = limits;
        this.sealed = sealed;
        this.perClient = new RateLimit("gateway-device-codes-client", properties.deviceCodesPerClient(),
                Duration.ofHours(1));
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var asked = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
        Map<String, Object> parameters = asked.getAdditionalParameters();
        if (!"device_code".equals(text(parameters.get("response_type")))) {
            throw error("invalid_response_type", "The response_type parameter is invalid: it must be device_code");
        }
        String typedMobile = text(parameters.get("dl_mobile"));
        String username = text(parameters.get("dl_username"));
        MobileNumber mobile = null;
        if (typedMobile != null) {
            try {
                mobile = MobileNumber.parse(typedMobile);
            }
            catch (IllegalArgumentException e) {
                throw error("invalid_mobile", "The dl_mobile parameter is invalid");
            }
        }
        else if (username == null || !USERNAME.matcher(username).matches()) {
            throw error("invalid_username", "The dl_username parameter is invalid: send dl_username or dl_mobile");
        }
        String clientId = asked.getPrincipal() instanceof Authentication client ? client.getName() : "";
        if (!limits.tryAcquire(perClient, clientId)) {
            throw error("too_many_requests", "This client asked for too many device codes in the last hour.");
        }
        var made = (OAuth2DeviceAuthorizationRequestAuthenticationToken) delegate.authenticate(asked);
        Optional<ResidentAccount> account = mobile != null ? accounts.findByMobile(mobile)
                : accounts.findByUsername(username);
        MobileNumber to = account.map(ResidentAccount::mobile)
                .orElse(mobile != null ? mobile : standIn(username));
        OAuth2Authorization authorization = authorizations.findByToken(made.getDeviceCode().getTokenValue(),
                DEVICE_CODE);
        OtpChallenge challenge;
        try {
            challenge = otps.send(OtpPurpose.PARTNER_DEVICE, to, authorization.getId(), account.isPresent(),
                    clientAddress());
        }
        catch (RateLimitedException e) {
            authorizations.remove(authorization);
            throw error("too_many_requests", e.getMessage());
        }
        catch (SmsNotSentException e) {
            authorizations.remove(authorization);
            throw error("otp_error", "OTP could not be sent as the account may not have a valid mobile or a valid "
                    + "email.");
        }
        OAuth2Authorization.Builder withOtp = OAuth2Authorization.from(authorization)
                .attribute(OTP_FLOW, challenge.flow());
        account.ifPresent(found -> withOtp.attribute(ACCOUNT, found.id().toString()));
        authorizations.save(withOtp.build());
        return new MaskedDeviceAuthorization(made, to.masked());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2DeviceAuthorizationRequestAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** A number no code is ever delivered to, one per username (ADR 23, as for national IDs). */
    MobileNumber standIn(String username) {
        byte[] fingerprint = sealed.fingerprint(STAND_IN, username.toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.UTF_8));
        long number = ByteBuffer.wrap(fingerprint).getLong() & Long.MAX_VALUE;
        return new MobileNumber("6" + String.format("%09d", number % 1_000_000_000L));
    }

    /** DigiLocker's answer: the device code, where the OTP went, and how long the code lives. */
    static AuthenticationSuccessHandler answer() {
        return (request, response, authentication) -> {
            var made = (MaskedDeviceAuthorization) authentication;
            Instant expires = made.getDeviceCode().getExpiresAt();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("device_code", made.getDeviceCode().getTokenValue());
            answer.put("dl_masked_mobile", made.maskedMobile());
            answer.put("dl_masked_email", "");
            answer.put("expires_in", expires == null ? 0 : Math.max(0,
                    Duration.between(Instant.now(), expires).toSeconds()));
            response.setStatus(HttpStatus.OK.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setHeader("Cache-Control", "no-store");
            response.getOutputStream().write(JSONObjectUtils.toJSONString(answer).getBytes(StandardCharsets.UTF_8));
        };
    }

    /**
     * The device code endpoint's errors (and its client authentication's): DigiLocker's codes and statuses,
     * {@code 401 invalid_client_id}, {@code 429}, {@code 503 otp_error}; any other as the token endpoint answers.
     */
    static AuthenticationFailureHandler errors(AuthenticationFailureHandler others) {
        return (request, response, exception) -> {
            OAuth2Error error = OAuthErrorAnswers.errorOf(exception);
            if (!CODE.equals(request.getServletPath())) {
                others.onAuthenticationFailure(request, response, exception);
                return;
            }
            switch (error.getErrorCode()) {
                case OAuth2ErrorCodes.INVALID_CLIENT, OAuth2ErrorCodes.UNAUTHORIZED_CLIENT -> DigiLockerErrors.write(
                        response, HttpStatus.UNAUTHORIZED, "invalid_client_id", "The client_id parameter is invalid");
                case "too_many_requests" -> {
                    response.setHeader("Retry-After", "60");
                    DigiLockerErrors.write(response, HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
                            error.getDescription());
                }
                case "otp_error" -> DigiLockerErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "otp_error",
                        error.getDescription());
                default -> others.onAuthenticationFailure(request, response, exception);
            }
        };
    }

    private static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }

    private static String text(Object value) {
        if (value instanceof String[] values) {
            value = values.length == 1 ? values[0] : null;
        }
        return value instanceof String text && !text.isBlank() ? text.strip() : null;
    }

    static OAuth2AuthenticationException error(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
    }

    /** The authorization made, and the masked number its OTP went to. */
    static final class MaskedDeviceAuthorization extends OAuth2DeviceAuthorizationRequestAuthenticationToken {

        private final String maskedMobile;

        MaskedDeviceAuthorization(OAuth2DeviceAuthorizationRequestAuthenticationToken made, String maskedMobile) {
            super((Authentication) made.getPrincipal(), made.getScopes(), made.getDeviceCode(), made.getUserCode());
            this.maskedMobile = maskedMobile;
        }

        String maskedMobile() {
            return maskedMobile;
        }
    }
}
