package org.tijori.account.factor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tijori.IndianTime;
import org.tijori.QrCodes;
import org.tijori.account.MobileNumber;
import org.tijori.account.RateLimits;
import org.tijori.account.SecondFactorProperties;
import org.tijori.account.SmsNotSentException;
import org.tijori.account.SmsSender;
import org.tijori.account.events.AccountDeleted;
import org.tijori.account.events.RecoveryCodeUsed;
import org.tijori.account.events.RecoveryCodesRenewed;
import org.tijori.account.events.SecondFactorEnabled;
import org.tijori.account.events.SecondFactorFailed;
import org.tijori.account.events.SecondFactorRemoved;
import org.tijori.account.events.SecondFactorResetCancelled;
import org.tijori.account.events.SecondFactorResetRequested;
import org.tijori.account.events.SecondFactorsReset;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An account's second factors: an authenticator app (TOTP), passkeys and recovery codes; trying them, with
 * every try counted per account and per address before it is checked; and the reset of lost factors by
 * mobile OTP, which takes effect only after a waiting period.
 */
@Service
public class SecondFactors {

    /** How long an enrolment page's secret waits for its first code. */
    static final Duration ENROLMENT_LIFETIME = Duration.ofMinutes(30);

    static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);

    private final TotpSecrets totp;

    private final RecoveryCodes recoveryCodes;

    private final Passkeys passkeys;

    private final RateLimits limits;

    private final SmsSender sms;

    private final JdbcClient jdbc;

    private final ApplicationEventPublisher events;

    private final SecondFactorProperties properties;

    private final Clock clock;

    private final RateLimits.RateLimit perAccount;

    private final RateLimits.RateLimit perAddress;

    SecondFactors(TotpSecrets totp, RecoveryCodes recoveryCodes, Passkeys passkeys, RateLimits limits, SmsSender sms,
            JdbcClient jdbc, ApplicationEventPublisher events, SecondFactorProperties properties, Clock clock) {
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.passkeys = passkeys;
        this.limits = limits;
        this.sms = sms;
        this.jdbc = jdbc;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.perAccount = new RateLimits.RateLimit("second-factor-account", properties.triesPerAccount(),
                THROTTLE_WINDOW);
        this.perAddress = new RateLimits.RateLimit("second-factor-address", properties.triesPerAddress(),
                THROTTLE_WINDOW);
    }

    /** Whether the owner has a second factor: an authenticator app or a passkey. */
    public boolean any(FactorOwner owner) {
        return totp.enabled(owner.id()) || !passkeys.of(owner.name()).isEmpty();
    }

    /** What the owner's security page shows. */
    public Status status(FactorOwner owner) {
        return new Status(totp.enabledAt(owner.id()), passkeys.of(owner.name()), recoveryCodes.remaining(owner.id()),
                pendingReset(owner));
    }

    /**
     * Starts setting up an authenticator app: a new secret, kept sealed until its first code confirms it.
     *
     * @return the secret, to show as a QR code and as text
     */
    @Transactional
    public TotpEnrolment beginTotp(FactorOwner owner) {
        byte[] secret = totp.beginEnrolment(owner.id(), now());
        return new TotpEnrolment(Base32.encode(secret), owner.displayName());
    }

    /** The enrolment the owner started lately, to show again. */
    public Optional<TotpEnrolment> pendingTotp(FactorOwner owner) {
        return totp.enrolment(owner.id(), now().minus(ENROLMENT_LIFETIME))
                .map(secret -> new TotpEnrolment(Base32.encode(secret), owner.displayName()));
    }

    /**
     * Confirms the enrolment with the first code from the app; the app then replaces any earlier one. On the
     * first second factor of the account, its recovery codes are made.
     *
     * @return the new recovery codes (to show once), an empty list when the account had codes already, or
     *         empty when the code was not right
     */
    @Transactional
    public Optional<List<String>> confirmTotp(FactorOwner owner, String typed, String address) {
        String code = Totp.normalise(typed);
        if (!counted(owner, address)) {
            events.publishEvent(new SecondFactorFailed(owner.name(), "totp", "throttled"));
            return Optional.empty();
        }
        Optional<byte[]> secret = totp.enrolment(owner.id(), now().minus(ENROLMENT_LIFETIME));
        if (code == null || secret.isEmpty()) {
            return Optional.empty();
        }
        long current = Totp.step(now());
        for (long step = current - 1; step <= current + 1; step++) {
            if (Totp.matches(secret.get(), step, code)) {
                totp.confirm(owner.id(), secret.get(), step, now());
                events.publishEvent(new SecondFactorEnabled(owner.name(), "totp"));
                return Optional.of(recoveryCodes.remaining(owner.id()) == 0 ? renewRecoveryCodes(owner) : List.of());
            }
        }
        return Optional.empty();
    }

    /** Tries a code from the owner's authenticator app. */
    @Transactional
    public FactorCheck checkTotp(FactorOwner owner, String typed, String address) {
        if (!counted(owner, address)) {
            events.publishEvent(new SecondFactorFailed(owner.name(), "totp", "throttled"));
            return new FactorCheck.Throttled();
        }
        String code = Totp.normalise(typed);
        if (code != null && totp.accept(owner.id(), code, now()).isPresent()) {
            return new FactorCheck.Accepted();
        }
        events.publishEvent(new SecondFactorFailed(owner.name(), "totp", "rejected"));
        return new FactorCheck.Rejected();
    }

    /** Tries one of the owner's recovery codes; a right one is used up. */
    @Transactional
    public FactorCheck useRecoveryCode(FactorOwner owner, String typed, String address) {
        if (!counted(owner, address)) {
            events.publishEvent(new SecondFactorFailed(owner.name(), "recovery-code", "throttled"));
            return new FactorCheck.Throttled();
        }
        if (recoveryCodes.use(owner.id(), typed, now())) {
            events.publishEvent(new RecoveryCodeUsed(owner.name(), recoveryCodes.remaining(owner.id())));
            return new FactorCheck.Accepted();
        }
        events.publishEvent(new SecondFactorFailed(owner.name(), "recovery-code", "rejected"));
        return new FactorCheck.Rejected();
    }

    /** New recovery codes, shown once; the old ones stop working. */
    @Transactional
    public List<String> renewRecoveryCodes(FactorOwner owner) {
        List<String> codes = recoveryCodes.renew(owner.id(), now());
        events.publishEvent(new RecoveryCodesRenewed(owner.name()));
        return codes;
    }

    /**
     * Turns the authenticator app off, after a code from it.
     *
     * @return whether it was turned off; an administrator keeps the app unless a passkey remains
     */
    @Transactional
    public FactorCheck turnOffTotp(FactorOwner owner, String typed, String address) {
        if (owner.administrator() && passkeys.of(owner.name()).isEmpty()) {
            return new FactorCheck.Rejected();
        }
        FactorCheck check = checkTotp(owner, typed, address);
        if (check instanceof FactorCheck.Accepted) {
            totp.remove(owner.id());
            forgetRecoveryCodesWithoutFactor(owner);
            events.publishEvent(new SecondFactorRemoved(owner.name(), "totp"));
        }
        return check;
    }

    /** Names the owner for the authenticator before a passkey is made. */
    public void preparePasskey(FactorOwner owner) {
        passkeys.prepare(owner.name(), owner.displayName());
    }

    /**
     * Removes one of the owner's passkeys.
     *
     * @return false when it is not the owner's, or it is an administrator's last second factor
     */
    @Transactional
    public boolean removePasskey(FactorOwner owner, String credentialId) {
        if (owner.administrator() && !totp.enabled(owner.id()) && passkeys.of(owner.name()).size() <= 1) {
            return false;
        }
        boolean removed = passkeys.remove(owner.name(), credentialId);
        if (removed) {
            forgetRecoveryCodesWithoutFactor(owner);
            events.publishEvent(new SecondFactorRemoved(owner.name(), "passkey"));
        }
        return removed;
    }

    /** Recovery codes are for a second factor; without one they would be a password nobody chose. */
    private void forgetRecoveryCodesWithoutFactor(FactorOwner owner) {
        if (!any(owner)) {
            recoveryCodes.remove(owner.id());
        }
    }

    /**
     * A resident who lost the second factor and proved the mobile number: the factors go after the waiting
     * period, and an SMS tells the number at once, so that the owner can cancel from a signed-in session.
     */
    @Transactional
    public Instant requestReset(FactorOwner owner, MobileNumber mobile) {
        Instant now = now();
        Instant effective = now.plus(properties.resetDelay());
        jdbc.sql("""
                insert into account_second_factor_reset (account_id, requested_at, effective_at) values (?, ?, ?)
                on conflict (account_id) do nothing""").params(owner.id(), utc(now), utc(effective)).update();
        Instant actual = pendingReset(owner).orElse(effective);
        events.publishEvent(new SecondFactorResetRequested(owner.name(), actual));
        try {
            sms.send(mobile, "Tijori: someone asked to remove the second sign-in factor of your locker. It will be "
                    + "removed on " + IndianTime.time(actual) + ". If this was not you, sign in and cancel it "
                    + "under Account, Sign-in security.");
        }
        catch (SmsNotSentException e) {
            // The reset still waits its full period; the notice is also on the security page.
        }
        return actual;
    }

    public Optional<Instant> pendingReset(FactorOwner owner) {
        return jdbc.sql("select effective_at from account_second_factor_reset where account_id = ?").param(owner.id())
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
    }

    @Transactional
    public boolean cancelReset(FactorOwner owner) {
        boolean cancelled = jdbc.sql("delete from account_second_factor_reset where account_id = ?").param(owner.id())
                .update() > 0;
        if (cancelled) {
            events.publishEvent(new SecondFactorResetCancelled(owner.name()));
        }
        return cancelled;
    }

    /** Removes the owner's factors if a reset is due; true when it did. */
    @Transactional
    public boolean applyDueReset(FactorOwner owner) {
        boolean due = jdbc.sql("delete from account_second_factor_reset where account_id = ? and effective_at <= ?")
                .params(owner.id(), utc(now())).update() > 0;
        if (due) {
            removeAll(owner, "sms-reset");
        }
        return due;
    }

    /** Removes every second factor of the owner, e.g. an administrator's by configuration. */
    @Transactional
    public void removeAll(FactorOwner owner, String origin) {
        totp.remove(owner.id());
        recoveryCodes.remove(owner.id());
        passkeys.removeAll(owner.name());
        jdbc.sql("delete from account_second_factor_reset where account_id = ?").param(owner.id()).update();
        events.publishEvent(new SecondFactorsReset(owner.name(), origin));
    }

    /** A deleted resident's factors go with the account. */
    @EventListener
    void on(AccountDeleted deleted) {
        UUID id = deleted.account().value();
        totp.remove(id);
        recoveryCodes.remove(id);
        passkeys.removeAll(deleted.account().toString());
        jdbc.sql("delete from account_second_factor_reset where account_id = ?").param(id).update();
    }

    /** Takes a token for the account and one for the address before anything is checked. */
    private boolean counted(FactorOwner owner, String address) {
        boolean account = limits.tryAcquire(perAccount, owner.id().toString());
        boolean fromAddress = address == null || limits.tryAcquire(perAddress, address);
        return account && fromAddress;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * What an owner's security page shows.
     *
     * @param totpEnabledAt when the authenticator app was set up, if it is
     * @param passkeys the owner's passkeys
     * @param recoveryCodesLeft unused recovery codes
     * @param resetAt when a requested reset of the factors takes effect, if one is pending
     */
    public record Status(Optional<Instant> totpEnabledAt, List<Passkeys.Passkey> passkeys, int recoveryCodesLeft,
            Optional<Instant> resetAt) {

        public boolean any() {
            return totpEnabledAt.isPresent() || !passkeys.isEmpty();
        }
    }

    /**
     * An authenticator app being set up.
     *
     * @param secret the shared secret in base 32, as apps take it when typed
     * @param label the account's name in the app
     */
    public record TotpEnrolment(String secret, String label) {

        /** The {@code otpauth://} URI that the QR code holds (Google's key URI format, which every app reads). */
        public String uri() {
            String name = java.net.URLEncoder.encode("Tijori:" + label, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
            return "otpauth://totp/" + name + "?secret=" + secret + "&issuer=Tijori&algorithm=SHA1&digits="
                    + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        }

        /** The QR code of {@link #uri()}, as inline SVG, labelled for screen readers. */
        public String qrCode(String label) {
            return QrCodes.svg(uri(), label);
        }

        /** The secret in groups of four, easier to type. */
        public String grouped() {
            return secret.replaceAll("(.{4})(?!$)", "$1 ");
        }

        @Override
        public String toString() {
            return "TotpEnrolment[label=" + label + "]";
        }
    }
}
