package org.tijori.account;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.tijori.account.events.OtpChecked;
import org.tijori.account.events.OtpSent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-time passwords sent by SMS: six digits from a CSPRNG, kept only as a salted hash, valid for
 * ten minutes, good for one use, for one purpose and one flow; five wrong tries end a code; a new
 * code no sooner than 30 seconds after the last; at most five sends an hour to one number and a
 * limit per client address. A code that is not sent (to a number without a locker) takes as long to issue
 * as one that is: as long as one of the node's latest deliveries.
 */
@Service
public class OneTimePasswords {

    static final Duration VALIDITY = Duration.ofMinutes(10);

    static final Duration RESEND_AFTER = Duration.ofSeconds(30);

    static final int MAX_ATTEMPTS = 5;

    /** The longest a code that is not sent waits in place of a delivery. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    /** How many of the latest deliveries a code that is not sent draws its wait from. */
    static final int RECENT_DELIVERIES = 32;

    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;

    private final SmsSender sms;

    private final RateLimits limits;

    private final ApplicationEventPublisher events;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final MessageSource messages;

    private final RateLimits.RateLimit perMobile;

    private final RateLimits.RateLimit perAddress;

    /** How long this node's latest real deliveries took, in nanoseconds; 0 where none was made yet. */
    private final AtomicLongArray recentDeliveries = new AtomicLongArray(RECENT_DELIVERIES);

    private final AtomicInteger deliveries = new AtomicInteger();

    OneTimePasswords(JdbcClient jdbc, SmsSender sms, RateLimits limits, ApplicationEventPublisher events,
            TransactionTemplate transactions, Clock clock, AccountProperties properties, MessageSource messages) {
        this.perMobile = new RateLimits.RateLimit("otp-mobile", properties.otpSendsPerMobile(), Duration.ofHours(1));
        this.perAddress = new RateLimits.RateLimit("otp-address", properties.otpSendsPerAddress(),
                Duration.ofHours(1));
        this.jdbc = jdbc;
        this.sms = sms;
        this.limits = limits;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.messages = messages;
    }

    /**
     * Issues a code for {@code purpose} and sends it to {@code to}, unless {@code deliver} is false
     * (a number without an account, which must not be told apart by the answer).
     *
     * @param subject what the code is about besides the number (an account, a national ID's
     *                fingerprint), given back when the code is confirmed; may be null
     * @param clientAddress the address of the client that asked, for the per-address limit
     * @throws RateLimitedException when the number or the address asked too often
     * @throws SmsNotSentException when the SMS could not be sent; no code is kept then
     */
    public OtpChallenge send(OtpPurpose purpose, MobileNumber to, String subject, boolean deliver,
            String clientAddress) {
        checkLimits(to, clientAddress);
        Instant now = now();
        UUID id = UUID.randomUUID();
        String flow = newFlow();
        String code = newCode();
        jdbc.sql("""
                insert into account_otp (id, purpose, flow, mobile, subject, delivered, code_hash, created_at,
                                         expires_at, last_sent_at, attempts)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(id, purpose.name(), flow, to.value(), subject, deliver, hash(id, code), utc(now),
                        utc(now.plus(VALIDITY)), utc(now))
                .update();
        deliver(id, purpose, to, code, deliver);
        return new OtpChallenge(flow, to, now.plus(VALIDITY), now.plus(RESEND_AFTER));
    }

    /**
     * Replaces the code of a flow with a new one and sends it again.
     *
     * @throws OtpResendTooSoonException before 30 seconds have passed
     * @throws RateLimitedException when the number or the address asked too often
     * @throws IllegalArgumentException when there is no such flow
     */
    public OtpChallenge resend(String flow, String clientAddress) {
        Pending pending = pending(flow).orElseThrow(() -> new IllegalArgumentException("No code was asked for"));
        Instant now = now();
        Instant allowed = pending.lastSentAt().plus(RESEND_AFTER);
        if (now.isBefore(allowed)) {
            throw new OtpResendTooSoonException(Duration.between(now, allowed).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
        }
        checkLimits(pending.mobile(), clientAddress);
        String code = newCode();
        jdbc.sql("""
                update account_otp set code_hash = ?, last_sent_at = ?, expires_at = ?, attempts = 0
                where id = ? and consumed_at is null""")
                .params(hash(pending.id(), code), utc(now), utc(now.plus(VALIDITY)), pending.id()).update();
        deliver(pending.id(), pending.purpose(), pending.mobile(), code, pending.delivered());
        return new OtpChallenge(flow, pending.mobile(), now.plus(VALIDITY), now.plus(RESEND_AFTER));
    }

    /** Checks a code typed in the flow that asked for it; a confirmed code is used up. */
    public OtpCheck check(String flow, OtpPurpose purpose, String typed) {
        OtpCheck outcome = transactions.execute(status -> {
            Optional<Pending> found = flow == null ? Optional.empty() : lockPending(flow);
            if (found.isEmpty() || found.get().purpose() != purpose) {
                return new OtpCheck.Unknown();
            }
            Pending pending = found.get();
            OtpCheck result;
            if (pending.attempts() >= MAX_ATTEMPTS) {
                result = new OtpCheck.Exhausted();
            }
            else if (!now().isBefore(pending.expiresAt())) {
                result = new OtpCheck.Expired();
            }
            else if (pending.delivered() && typed != null && typed.strip().matches("[0-9]{6}")
                    && MessageDigest.isEqual(hash(pending.id(), typed.strip()), pending.codeHash())) {
                jdbc.sql("update account_otp set consumed_at = ? where id = ?").params(utc(now()), pending.id())
                        .update();
                result = new OtpCheck.Confirmed(pending.mobile(), pending.subject());
            }
            else {
                int attempts = pending.attempts() + 1;
                jdbc.sql("update account_otp set attempts = ? where id = ?").params(attempts, pending.id()).update();
                result = attempts >= MAX_ATTEMPTS ? new OtpCheck.Exhausted()
                        : new OtpCheck.Rejected(MAX_ATTEMPTS - attempts);
            }
            events.publishEvent(new OtpChecked(pending.mobile(), purpose, outcomeName(result)));
            return result;
        });
        return outcome;
    }

    /** Codes whose time is up are of no use to anyone. */
    @Scheduled(initialDelay = 600_000, fixedDelay = 600_000)
    void forgetOldCodes() {
        jdbc.sql("delete from account_otp where expires_at < ?").param(utc(now().minus(Duration.ofDays(1)))).update();
    }

    private void checkLimits(MobileNumber to, String clientAddress) {
        if (clientAddress != null && !limits.tryAcquire(perAddress, clientAddress)) {
            throw new RateLimitedException("Too many codes were asked for from your network. Try again later.");
        }
        if (!limits.tryAcquire(perMobile, to.value())) {
            throw new RateLimitedException("Too many codes were sent to this number. Try again in an hour.");
        }
    }

    private void deliver(UUID id, OtpPurpose purpose, MobileNumber to, String code, boolean deliver) {
        if (deliver) {
            long start = System.nanoTime();
            try {
                sms.send(to, text(purpose, code));
            }
            catch (SmsNotSentException e) {
                jdbc.sql("delete from account_otp where id = ?").param(id).update();
                throw e;
            }
            recentDeliveries.set(Math.floorMod(deliveries.getAndIncrement(), RECENT_DELIVERIES),
                    System.nanoTime() - start);
        }
        else {
            // Nothing is sent, but the answer takes as long as one of the latest deliveries did, drawn at random
            // so that its times spread as theirs do: the timing must not tell whether a number or a national ID
            // has a locker behind it.
            int made = deliveries.get();
            int known = made < 0 || made > RECENT_DELIVERIES ? RECENT_DELIVERIES : made;
            long pause = known == 0 ? 0 : recentDeliveries.get(random.nextInt(known));
            pause(Math.min(pause, MAX_PAUSE.toNanos()));
        }
        events.publishEvent(new OtpSent(to, purpose, deliver));
    }

    /**
     * The text of a code's SMS, in the language of the page that asked for it (the request's locale; English
     * where no page asked).
     */
    private String text(OtpPurpose purpose, String code) {
        Locale language = LocaleContextHolder.getLocale();
        String what = messages.getMessage("sms.otp.purpose." + purpose.name(), null, purpose.description(), language);
        return messages.getMessage("sms.otp", new Object[] { what, code }, language);
    }

    private static void pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private Optional<Pending> pending(String flow) {
        return jdbc.sql("select * from account_otp where flow = ? and consumed_at is null").param(flow)
                .query(OneTimePasswords::pending).optional();
    }

    private Optional<Pending> lockPending(String flow) {
        return jdbc.sql("select * from account_otp where flow = ? and consumed_at is null for update").param(flow)
                .query(OneTimePasswords::pending).optional();
    }

    private static Pending pending(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Pending(rs.getObject("id", UUID.class), OtpPurpose.valueOf(rs.getString("purpose")),
                new MobileNumber(rs.getString("mobile")), rs.getString("subject"), rs.getBoolean("delivered"),
                rs.getBytes("code_hash"), rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_sent_at", OffsetDateTime.class).toInstant(), rs.getInt("attempts"));
    }

    private static String outcomeName(OtpCheck check) {
        if (check instanceof OtpCheck.Confirmed) {
            return "confirmed";
        }
        if (check instanceof OtpCheck.Rejected) {
            return "rejected";
        }
        if (check instanceof OtpCheck.Expired) {
            return "expired";
        }
        return check instanceof OtpCheck.Exhausted ? "exhausted" : "unknown";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A new code of six random digits, for an SMS or an e-mail. */
    static String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    private static String newFlow() {
        byte[] token = new byte[24];
        random.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** SHA-256 over the code's own ID and the code: a salted hash, useless on another row. */
    static byte[] hash(UUID id, String code) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                    .putLong(id.getLeastSignificantBits()).array());
            return digest.digest(code.getBytes(StandardCharsets.US_ASCII));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Pending(UUID id, OtpPurpose purpose, MobileNumber mobile, String subject, boolean delivered,
            byte[] codeHash, Instant expiresAt, Instant lastSentAt, int attempts) {
    }
}
