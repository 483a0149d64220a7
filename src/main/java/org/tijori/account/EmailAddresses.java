package org.tijori.account;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.events.EmailChanged;
import org.tijori.account.events.EmailCodeSent;
import org.tijori.account.events.EmailRemoved;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A resident's e-mail address, proven before it is kept: a six-digit code from a CSPRNG is sent to it (kept only
 * as a salted hash, valid for ten minutes, good once), and only the right code makes it the account's address.
 * One address is waiting at a time per account; five wrong tries end its code; a new code no sooner than 30
 * seconds after the last; at most {@code tijori.account.otp-sends-per-mobile} codes an hour for one account, and
 * the client address shares its hourly budget with the codes sent by SMS.
 */
@Service
public class EmailAddresses {

    static final Duration VALIDITY = OneTimePasswords.VALIDITY;

    static final Duration RESEND_AFTER = OneTimePasswords.RESEND_AFTER;

    static final int MAX_ATTEMPTS = OneTimePasswords.MAX_ATTEMPTS;

    private final JdbcClient jdbc;

    private final EmailSender mail;

    private final RateLimits limits;

    private final MessageSource messages;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final RateLimits.RateLimit perAccount;

    private final RateLimits.RateLimit perAddress;

    EmailAddresses(JdbcClient jdbc, EmailSender mail, RateLimits limits, MessageSource messages,
            ApplicationEventPublisher events, Clock clock, AccountProperties properties) {
        this.jdbc = jdbc;
        this.mail = mail;
        this.limits = limits;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
        this.perAccount = new RateLimits.RateLimit("email-code-account", properties.otpSendsPerMobile(),
                Duration.ofHours(1));
        // The same limit, by name, as the codes sent by SMS: one budget per client address for every code.
        this.perAddress = new RateLimits.RateLimit("otp-address", properties.otpSendsPerAddress(), Duration.ofHours(1));
    }

    /**
     * Sends a code to an address the resident wants on the account, in their language; it replaces any address
     * still waiting for its code. The account's current address stays until the new one is proven.
     *
     * @param clientAddress where the request came from
     * @throws RateLimitedException when this account or this client address asked for too many codes lately
     * @throws AccountProblemException when the address is already the account's
     */
    @Transactional
    public Instant sendCode(AccountId account, EmailAddress to, Locale language, String clientAddress) {
        if (to.equals(verified(account).orElse(null))) {
            throw new AccountProblemException("email", "This is already your e-mail address.");
        }
        checkLimits(account, clientAddress);
        Instant now = now();
        UUID id = UUID.randomUUID();
        String code = OneTimePasswords.newCode();
        jdbc.sql("""
                insert into account_email_code (account_id, id, email, code_hash, expires_at, last_sent_at, attempts)
                values (?, ?, ?, ?, ?, ?, 0)
                on conflict (account_id) do update set id = excluded.id, email = excluded.email,
                    code_hash = excluded.code_hash, expires_at = excluded.expires_at,
                    last_sent_at = excluded.last_sent_at, attempts = 0""")
                .params(account.value(), id, to.value(), OneTimePasswords.hash(id, code),
                        utc(now.plus(VALIDITY)), utc(now))
                .update();
        deliver(account, to, code, language);
        return now.plus(RESEND_AFTER);
    }

    /**
     * Sends a new code to the address waiting for one.
     *
     * @throws OtpResendTooSoonException before 30 seconds have passed since the last
     * @throws RateLimitedException when this account or this client address asked for too many codes lately
     * @throws AccountProblemException when no address is waiting
     */
    @Transactional
    public void resend(AccountId account, Locale language, String clientAddress) {
        Pending pending = pending(account, true)
                .orElseThrow(() -> new AccountProblemException("email", "No e-mail address is waiting for a code."));
        Instant now = now();
        Instant allowed = pending.lastSentAt().plus(RESEND_AFTER);
        if (now.isBefore(allowed)) {
            throw new OtpResendTooSoonException(
                    Duration.between(now, allowed).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
        }
        checkLimits(account, clientAddress);
        String code = OneTimePasswords.newCode();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                update account_email_code set id = ?, code_hash = ?, expires_at = ?, last_sent_at = ?, attempts = 0
                where account_id = ?""")
                .params(id, OneTimePasswords.hash(id, code), utc(now.plus(VALIDITY)), utc(now), account.value())
                .update();
        deliver(account, pending.email(), code, language);
    }

    /**
     * Checks the code typed for the address waiting on this account; the right one makes the address the
     * account's.
     *
     * @return {@link OtpCheck.Confirmed} with the address as its subject (and no mobile number), or why not
     */
    @Transactional
    public OtpCheck confirm(AccountId account, String typed) {
        Optional<Pending> found = pending(account, true);
        if (found.isEmpty()) {
            return new OtpCheck.Unknown();
        }
        Pending pending = found.get();
        if (pending.attempts() >= MAX_ATTEMPTS) {
            return new OtpCheck.Exhausted();
        }
        if (!now().isBefore(pending.expiresAt())) {
            return new OtpCheck.Expired();
        }
        String code = typed == null ? "" : typed.strip();
        if (code.matches("[0-9]{6}") && MessageDigest.isEqual(OneTimePasswords.hash(pending.id(), code),
                pending.codeHash())) {
            jdbc.sql("delete from account_email_code where account_id = ?").param(account.value()).update();
            jdbc.sql("update account_resident set email = ?, email_verified_at = ? where id = ?")
                    .params(pending.email().value(), utc(now()), account.value()).update();
            events.publishEvent(new EmailChanged(account, pending.email()));
            return new OtpCheck.Confirmed(null, pending.email().value());
        }
        int attempts = pending.attempts() + 1;
        jdbc.sql("update account_email_code set attempts = ? where account_id = ?").params(attempts, account.value())
                .update();
        return attempts >= MAX_ATTEMPTS ? new OtpCheck.Exhausted() : new OtpCheck.Rejected(MAX_ATTEMPTS - attempts);
    }

    /** Forgets the address waiting for its code, if any. */
    @Transactional
    public void cancel(AccountId account) {
        jdbc.sql("delete from account_email_code where account_id = ?").param(account.value()).update();
    }

    /** Removes the account's e-mail address (and any address waiting for its code). */
    @Transactional
    public void remove(AccountId account) {
        cancel(account);
        int removed = jdbc.sql("update account_resident set email = null, email_verified_at = null "
                + "where id = ? and email is not null").param(account.value()).update();
        if (removed > 0) {
            events.publishEvent(new EmailRemoved(account));
        }
    }

    /** The address proven with a code, if the account has one. */
    public Optional<EmailAddress> verified(AccountId account) {
        return jdbc.sql("select email from account_resident where id = ? and email is not null")
                .param(account.value()).query(String.class).optional().map(EmailAddress::new);
    }

    /** The address waiting for its code, while its code can still be tried. */
    public Optional<EmailAddress> waiting(AccountId account) {
        return pending(account, false)
                .filter(pending -> pending.attempts() < MAX_ATTEMPTS && now().isBefore(pending.expiresAt()))
                .map(Pending::email);
    }

    private void checkLimits(AccountId account, String clientAddress) {
        if (clientAddress != null && !limits.tryAcquire(perAddress, clientAddress)) {
            throw new RateLimitedException("Too many codes were asked for from your network. Try again later.");
        }
        if (!limits.tryAcquire(perAccount, account.toString())) {
            throw new RateLimitedException("Too many codes were sent for this account. Try again in an hour.");
        }
    }

    private void deliver(AccountId account, EmailAddress to, String code, Locale language) {
        String subject = messages.getMessage("email.code.subject", null, language);
        String text = messages.getMessage("email.code.text", new Object[] { code }, language);
        mail.send(to, subject, text);
        events.publishEvent(new EmailCodeSent(account, to));
    }

    private Optional<Pending> pending(AccountId account, boolean lock) {
        return jdbc.sql("select * from account_email_code where account_id = ?" + (lock ? " for update" : ""))
                .param(account.value())
                .query((rs, n) -> new Pending(rs.getObject("id", UUID.class), new EmailAddress(rs.getString("email")),
                        rs.getBytes("code_hash"), rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_sent_at", OffsetDateTime.class).toInstant(), rs.getInt("attempts")))
                .optional();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Pending(UUID id, EmailAddress email, byte[] codeHash, Instant expiresAt, Instant lastSentAt,
            int attempts) {
    }
}
