package org.tijori.gateway.partner;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.tijori.account.AccountProblemException;
import org.tijori.account.MobileNumber;
import org.tijori.account.OneTimePasswords;
import org.tijori.account.OtpChallenge;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPurpose;
import org.tijori.account.RateLimitedException;
import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.SmsNotSentException;
import org.tijori.gateway.ConsentDuration;
import org.tijori.gateway.Consents;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;
import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.events.PartnerSignedUp;
import org.tijori.gateway.partner.FormProofs.ProvenRequester;
import org.tijori.gateway.requester.RequesterClients;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.GrantingResident;
import org.tijori.gateway.token.ReferenceTokens;
import org.tijori.identity.Gender;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.storage.SealedValues;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DigiLocker's partner sign-up (ADR 23, #20 and #21) without HTTP: a requester that an administrator lets open
 * lockers ({@code maySignUp}) sends a resident's national ID, name, date of birth, gender and mobile number; when the
 * ID authority holds that name, birth date and gender for the ID, an OTP goes to the mobile number; the OTP, sent back
 * by the requester, opens a locker for the number (and links the national ID when the authority holds that very
 * number for it), records the resident's consent ({@code SIGN_UP}) and answers tokens under it.
 * <p>
 * Only the flow the resident takes part in is offered: {@code verification} and {@code demoauth} must be {@code Y}
 * and {@code consent} must be {@code Y} (ADR 23, open question 6). Limits: {@code sign-ups-per-client} started an
 * hour, {@code demo-auth-failures-per-client} failed matches an hour, and the OTP's own limits per number and
 * address.
 */
@Service
public class PartnerSignUps {

    /** The scopes a sign-up's tokens carry: what an authorization request without a scope asks for. */
    static final List<String> SCOPES = List.of(PartnerScope.USERDETAILS.value(), PartnerScope.ISSUED_DOCUMENTS.value(),
            PartnerScope.UPLOADED_DOCUMENTS.value());

    /** How long a consent given by the sign-up's OTP lasts. */
    static final ConsentDuration DURATION = ConsentDuration.DAY;

    static final String NATIONAL_ID_CONTEXT = "gateway/national-id";

    private static final DateTimeFormatter DDMMYYYY = DateTimeFormatter.ofPattern("ddMMuuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private final JdbcClient jdbc;

    private final FormProofs proofs;

    private final RateLimits limits;

    private final RateLimit signUpsPerClient;

    private final RateLimit demoAuthFailuresPerClient;

    private final NationalIdLinks links;

    private final OneTimePasswords otps;

    private final ResidentAccounts accounts;

    private final Consents consents;

    private final Authorizations authorizations;

    private final RequesterClients clients;

    private final SealedValues sealed;

    private final ApplicationEventPublisher events;

    private final TransactionTemplate transactions;

    private final GatewayProperties properties;

    private final Clock clock;

    PartnerSignUps(JdbcClient jdbc, FormProofs proofs, RateLimits limits, NationalIdLinks links,
            OneTimePasswords otps, ResidentAccounts accounts, Consents consents, Authorizations authorizations,
            RequesterClients clients, SealedValues sealed, ApplicationEventPublisher events,
            TransactionTemplate transactions, GatewayProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.proofs = proofs;
        this.limits = limits;
        this.links = links;
        this.otps = otps;
        this.accounts = accounts;
        this.consents = consents;
        this.authorizations = authorizations;
        this.clients = clients;
        this.sealed = sealed;
        this.events = events;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.signUpsPerClient = new RateLimit("gateway-sign-ups-client", properties.signUpsPerClient(),
                Duration.ofHours(1));
        this.demoAuthFailuresPerClient = new RateLimit("gateway-demo-auth-failures-client",
                properties.demoAuthFailuresPerClient(), Duration.ofHours(1));
    }

    /**
     * Starts a sign-up ({@code /signup/2/demoauth}): proves the requester, checks the resident's details with the ID
     * authority and sends the OTP.
     *
     * @param form the request's fields: {@code clientid}, {@code ts}, {@code hmac}, {@code uid}, {@code name},
     *             {@code dob} (DDMMYYYY), {@code gender} (M, F, T), {@code mobile}, {@code consent},
     *             {@code verification}, {@code demoauth}
     * @return the mobile number the OTP went to, masked
     * @throws GatewayProblemException {@code 401 invalid_client_id} for a requester that may not open lockers;
     *                                 {@code 400 invalid_parameter}, {@code mobile_exists}, {@code auth_failure};
     *                                 {@code 503 otp_error} when the SMS cannot go
     * @throws PartnerThrottledException when a limit is spent
     */
    public String demoAuth(Map<String, String> form, String address) {
        ProvenRequester requester = mayOpenLockers(proofs.prove(form.get("clientid"), form.get("ts"),
                form.get("hmac"), address));
        if (!limits.tryAcquire(signUpsPerClient, requester.clientId())) {
            throw new PartnerThrottledException(Duration.ofMinutes(1),
                    "This client started too many sign-ups in the last hour.");
        }
        SignUpRequest request = SignUpRequest.read(form);
        if (accounts.findByMobile(request.mobile()).isPresent()) {
            throw new GatewayProblemException(Kind.INVALID, "mobile_exists",
                    "A DigiLocker account already exists with this mobile number.");
        }
        boolean matched;
        try {
            matched = links.demographicMatch(request.uid(), request.name(), request.dob(), request.gender(),
                    demoAuthFailuresPerClient, requester.clientId());
        }
        catch (RateLimitedException e) {
            throw new PartnerThrottledException(Duration.ofMinutes(1), "This client had too many failed "
                    + "demographic authentications in the last hour.");
        }
        if (!matched) {
            throw new GatewayProblemException(Kind.INVALID, "auth_failure", "The data on Aadhaar does not match "
                    + "with one or more of Aadhaar, Name, DOB and Gender data provided. Aadhaar demographic "
                    + "authentication failure.");
        }
        OtpChallenge challenge;
        try {
            challenge = otps.send(OtpPurpose.SIGN_UP, request.mobile(), requester.clientId(), true, address);
        }
        catch (RateLimitedException e) {
            throw new PartnerThrottledException(Duration.ofMinutes(1), e.getMessage());
        }
        catch (SmsNotSentException e) {
            throw new GatewayProblemException(Kind.UNAVAILABLE, "otp_error", "OTP could not be sent as the account "
                    + "may not have a valid mobile or a valid email.");
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            // One sign-up waits per requester and number: a new one replaces the last.
            jdbc.sql("delete from gateway_pending_signup where requester_id = ? and mobile = ?")
                    .params(requester.requester().value(), request.mobile().value()).update();
            jdbc.sql("""
                    insert into gateway_pending_signup (id, requester_id, mobile, otp_flow, uid_sealed, name, dob,
                                                        gender, demo_auth_matched, created_at, expires_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)""")
                    .params(UUID.randomUUID(), requester.requester().value(), request.mobile().value(),
                            challenge.flow(), sealed.seal(request.uid().value().getBytes(StandardCharsets.US_ASCII),
                                    NATIONAL_ID_CONTEXT),
                            request.name(), request.dob(), request.gender().name(), utc(now),
                            utc(challenge.expiresAt()))
                    .update();
        });
        return challenge.mobile().masked();
    }

    /**
     * Completes a sign-up ({@code /signup/1/demoauthverify}) with the OTP the resident received: opens the locker,
     * links the national ID when the authority holds the proven number for it, records the consent and issues
     * tokens.
     *
     * @throws GatewayProblemException {@code 401 invalid_client_id} for a requester that may not open lockers;
     *                                 {@code 400 parameter_missing}, {@code invalid_ts}, {@code hmac_mismatch},
     *                                 {@code invalid_otp}, {@code mobile_exists}
     */
    public SignUpTokens verify(Map<String, String> form, String address) {
        ProvenRequester requester = mayOpenLockers(proofs.proveForSignUpVerification(form.get("clientid"),
                form.get("ts"), form.get("hmac"), address));
        String typedMobile = strip(form.get("mobile"));
        String otp = strip(form.get("otp"));
        if (typedMobile.isEmpty() || otp.isEmpty()) {
            throw new GatewayProblemException(Kind.INVALID, "parameter_missing",
                    "One or more of the mandatory parameters is missing: mobile and otp are needed.");
        }
        MobileNumber mobile;
        try {
            mobile = MobileNumber.parse(typedMobile);
        }
        catch (IllegalArgumentException e) {
            throw invalidOtp("No sign-up is waiting for this mobile number.");
        }
        Optional<Pending> pending = jdbc.sql("""
                select id, otp_flow, uid_sealed from gateway_pending_signup
                where requester_id = ? and mobile = ? and expires_at > ?""")
                .params(requester.requester().value(), mobile.value(), utc(clock.instant()))
                .query((rs, row) -> new Pending(rs.getObject("id", UUID.class), rs.getString("otp_flow"),
                        rs.getBytes("uid_sealed")))
                .optional();
        if (pending.isEmpty()) {
            throw invalidOtp("No sign-up is waiting for this mobile number: start it again.");
        }
        OtpCheck check = otps.check(pending.get().flow(), OtpPurpose.SIGN_UP, otp);
        if (check instanceof OtpCheck.Rejected rejected) {
            throw invalidOtp("The OTP is wrong: " + rejected.attemptsLeft() + " tries left.");
        }
        if (!(check instanceof OtpCheck.Confirmed)) {
            forget(pending.get().id());
            throw invalidOtp("The OTP has expired or was tried too often: start the sign-up again.");
        }
        try {
            return transactions.execute(status -> open(requester, mobile, pending.get()));
        }
        catch (AccountProblemException | DuplicateKeyException e) {
            throw new GatewayProblemException(Kind.INVALID, "mobile_exists",
                    "A DigiLocker account already exists with this mobile number.");
        }
    }

    private SignUpTokens open(ProvenRequester requester, MobileNumber mobile, Pending pending) {
        if (forget(pending.id()) == 0) {
            throw invalidOtp("This sign-up was completed already.");
        }
        ResidentAccount account = accounts.signUpForPartner(mobile);
        var uid = new NationalId(new String(sealed.open(pending.uidSealed(), NATIONAL_ID_CONTEXT),
                StandardCharsets.US_ASCII));
        boolean linked = links.linkProven(account.id(), uid, mobile).isPresent();
        RegisteredClient client = clients.findByClientId(requester.clientId());
        if (client == null) {
            throw new GatewayProblemException(Kind.UNAUTHENTICATED, "invalid_client_id",
                    "The client_id parameter is invalid");
        }
        String id = UUID.randomUUID().toString();
        authorizations.save(OAuth2Authorization.withRegisteredClient(client)
                .id(id)
                .principalName(account.lockerId().toString())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizedScopes(Set.copyOf(SCOPES))
                .attribute(Principal.class.getName(), new GrantingResident(account.id(), account.lockerId()))
                .build());
        Consent consent = consents.grant(new Consents.ConsentRequest(account.id(), requester.requester(),
                Consent.Kind.SIGN_UP, SCOPES, true, List.of(), null, DURATION), id);
        Instant now = clock.instant();
        Instant lifetimeEnd = now.plus(properties.accessTokenLifetime());
        Instant accessEnds = lifetimeEnd.isAfter(consent.expiresAt()) ? consent.expiresAt() : lifetimeEnd;
        String access = ReferenceTokens.newValue();
        String refresh = ReferenceTokens.newValue();
        authorizations.save(OAuth2Authorization.from(authorizations.findById(id))
                .accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, access, now, accessEnds,
                        Set.copyOf(SCOPES)))
                .refreshToken(new OAuth2RefreshToken(refresh, now, consent.expiresAt()))
                .build());
        events.publishEvent(new PartnerSignedUp(account.id(), requester.requester(), requester.clientId(), linked));
        return new SignUpTokens(access, Duration.between(now, accessEnds).toSeconds(), String.join(" ", SCOPES),
                refresh);
    }

    private int forget(UUID pending) {
        return jdbc.sql("delete from gateway_pending_signup where id = ?").param(pending).update();
    }

    private static ProvenRequester mayOpenLockers(ProvenRequester requester) {
        if (!requester.maySignUp()) {
            throw new GatewayProblemException(Kind.UNAUTHENTICATED, "invalid_client_id",
                    "The client_id parameter is invalid: this client may not sign residents up.");
        }
        return requester;
    }

    private static GatewayProblemException invalidOtp(String description) {
        return new GatewayProblemException(Kind.INVALID, "invalid_otp", description);
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Pending(UUID id, String flow, byte[] uidSealed) {
    }

    /**
     * The tokens a completed sign-up answers.
     *
     * @param expiresIn the access token's life in seconds
     */
    public record SignUpTokens(String accessToken, long expiresIn, String scope, String refreshToken) {

        @Override
        public String toString() {
            return "SignUpTokens[expiresIn=" + expiresIn + ", scope=" + scope + "]";
        }
    }

    /** A sign-up's fields, each checked, or {@code 400 invalid_parameter} naming every one that is not. */
    private record SignUpRequest(NationalId uid, String name, LocalDate dob, Gender gender, MobileNumber mobile) {

        static SignUpRequest read(Map<String, String> form) {
            List<String> wrong = new ArrayList<>();
            NationalId uid = null;
            try {
                uid = NationalId.parse(strip(form.get("uid")));
            }
            catch (IllegalArgumentException e) {
                wrong.add("uid parameter is missing or invalid");
            }
            String name = strip(form.get("name"));
            if (name.isEmpty() || name.length() > 200) {
                wrong.add("Name parameter is missing or invalid");
            }
            LocalDate dob = null;
            String typedDob = strip(form.get("dob"));
            try {
                // The reference file calls it an integer, which loses a day's leading zero.
                dob = LocalDate.parse(typedDob.length() == 7 ? "0" + typedDob : typedDob, DDMMYYYY);
            }
            catch (DateTimeParseException e) {
                wrong.add("Dob parameter is missing or invalid");
            }
            Gender gender = null;
            try {
                gender = Gender.valueOf(strip(form.get("gender")));
            }
            catch (IllegalArgumentException e) {
                wrong.add("Gender parameter is missing or invalid");
            }
            MobileNumber mobile = null;
            try {
                mobile = MobileNumber.parse(strip(form.get("mobile")));
            }
            catch (IllegalArgumentException e) {
                wrong.add("Mobile parameter is missing or invalid");
            }
            if (!"Y".equals(strip(form.get("verification")))) {
                wrong.add("Verification parameter is missing or invalid: only Y is offered, so that the resident "
                        + "proves the mobile number");
            }
            if (!"Y".equals(strip(form.get("demoauth")))) {
                wrong.add("Demoauth parameter is missing or invalid: only Y is offered");
            }
            if (!"Y".equals(strip(form.get("consent")))) {
                wrong.add("Consent parameter is missing or invalid");
            }
            if (!wrong.isEmpty()) {
                throw new GatewayProblemException(Kind.INVALID, "invalid_parameter", String.join("; ", wrong));
            }
            return new SignUpRequest(uid, name, dob, gender, mobile);
        }
    }
}
