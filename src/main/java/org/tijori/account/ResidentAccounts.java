package org.tijori.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.tijori.account.events.AccountDeleted;
import org.tijori.account.events.AccountDeletionScheduled;
import org.tijori.account.events.MobileChanged;
import org.tijori.account.events.PasswordChanged;
import org.tijori.account.events.PasswordReset;
import org.tijori.account.events.ResidentSignedUp;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Residents' accounts: creating one for a proven mobile number, finding them, and the changes a
 * resident makes to theirs.
 */
@Service
public class ResidentAccounts {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,31}");

    static final String ACTIVE = "ACTIVE";

    static final String DELETION_SCHEDULED = "DELETION_SCHEDULED";

    private final JdbcClient jdbc;

    private final PasswordEncoder passwords;

    private final PasswordPolicy policy;

    private final PasswordComparison passwordComparison;

    private final ApplicationEventPublisher events;

    private final AccountProperties properties;

    private final Clock clock;

    ResidentAccounts(JdbcClient jdbc, PasswordEncoder passwords, PasswordPolicy policy, PasswordComparison passwordComparison,
            ApplicationEventPublisher events, AccountProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.policy = policy;
        this.passwordComparison = passwordComparison;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Creates a locker for a mobile number the person has just proven with an OTP.
     *
     * @throws AccountProblemException when the username or password is not acceptable or taken, or the
     *                                 number already has a locker
     */
    @Transactional
    public ResidentAccount signUp(MobileNumber mobile, String username, String password) {
        String name = checkUsername(username);
        policy.problemWith(password, name, "password").ifPresent(problem -> {
            throw problem;
        });
        if (findByMobile(mobile).isPresent()) {
            throw mobileHasALocker();
        }
        if (usernameTaken(name)) {
            throw new AccountProblemException("username", "refusal.username.taken", new Object[0],
                    "This username is taken. Choose another one.");
        }
        Instant now = now();
        var account = new ResidentAccount(new AccountId(UUID.randomUUID()), new LockerId(UUID.randomUUID()), name,
                mobile, now, false);
        try {
            jdbc.sql("""
                    insert into account_resident (id, locker_id, username, password_hash, mobile, status, created_at,
                                                  password_changed_at)
                    values (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")
                    .params(account.id().value(), account.lockerId().value(), name, passwords.encode(password),
                            mobile.value(), utc(now), utc(now))
                    .update();
        }
        catch (DuplicateKeyException raced) {
            throw new AccountProblemException("username", "refusal.username.raced", new Object[0],
                    "This username or mobile number was just taken.");
        }
        events.publishEvent(new ResidentSignedUp(account.id(), account.lockerId()));
        return account;
    }

    public Optional<ResidentAccount> find(AccountId id) {
        return jdbc.sql("select * from account_resident where id = ?").param(id.value())
                .query(ResidentAccounts::account).optional();
    }

    public Optional<ResidentAccount> findByLocker(LockerId locker) {
        return jdbc.sql("select * from account_resident where locker_id = ?").param(locker.value())
                .query(ResidentAccounts::account).optional();
    }

    /** The active account of a mobile number, if it has one. */
    public Optional<ResidentAccount> findByMobile(MobileNumber mobile) {
        return jdbc.sql("select * from account_resident where mobile = ? and status = 'ACTIVE'").param(mobile.value())
                .query(ResidentAccounts::account).optional();
    }

    /**
     * Whether the password is the account's, for re-authentication before a sensitive change. It is compared
     * under the same budgets as a sign-in ({@link SignInThrottle}), so a stolen session cannot guess it.
     *
     * @param clientAddress where the request came from
     * @throws RateLimitedException when too many wrong passwords came lately and this one was not compared
     */
    public boolean passwordMatches(AccountId id, String password, String clientAddress) {
        String username = find(id).map(ResidentAccount::username).orElse(null);
        if (username == null) {
            return false;
        }
        return switch (passwordComparison.check(username, password, clientAddress)) {
            case RIGHT -> true;
            case WRONG -> false;
            case THROTTLED -> throw new RateLimitedException(
                    "Too many wrong passwords lately. Try again in a quarter of an hour.");
        };
    }

    /**
     * @throws AccountProblemException when the current password is wrong or the new one not acceptable
     * @throws RateLimitedException when too many wrong passwords came lately
     */
    @Transactional
    public void changePassword(AccountId id, String currentPassword, String newPassword, String clientAddress) {
        ResidentAccount account = find(id).orElseThrow();
        if (!passwordMatches(id, currentPassword, clientAddress)) {
            throw new AccountProblemException("currentPassword", "refusal.password.current", new Object[0],
                    "The current password is not right.");
        }
        setPassword(account, newPassword);
        events.publishEvent(new PasswordChanged(id));
    }

    /** Sets a new password on the account of a mobile number just proven by OTP. */
    @Transactional
    public ResidentAccount resetPassword(MobileNumber provenMobile, String newPassword) {
        ResidentAccount account = findByMobile(provenMobile)
                .orElseThrow(() -> new AccountProblemException(null, "No locker uses this mobile number."));
        setPassword(account, newPassword);
        events.publishEvent(new PasswordReset(account.id()));
        return account;
    }

    /** Moves the account to a mobile number just proven by OTP. */
    @Transactional
    public void changeMobile(AccountId id, MobileNumber provenMobile) {
        if (findByMobile(provenMobile).filter(other -> !other.id().equals(id)).isPresent()) {
            throw new AccountProblemException("mobile", "refusal.mobile.taken", new Object[0],
                    "This mobile number already has a locker.");
        }
        jdbc.sql("update account_resident set mobile = ? where id = ?").params(provenMobile.value(), id.value())
                .update();
        events.publishEvent(new MobileChanged(id, provenMobile));
    }

    /**
     * Locks the account at once and schedules the removal of its data.
     *
     * @throws RateLimitedException when too many wrong passwords came lately
     */
    @Transactional
    public Instant scheduleDeletion(AccountId id, String password, String clientAddress) {
        if (!passwordMatches(id, password, clientAddress)) {
            throw new AccountProblemException("password", "refusal.password.wrong", new Object[0],
                    "The password is not right.");
        }
        Instant removal = now().plus(properties.deletionDelay());
        // The mobile number is freed at once, so that it can start a new locker.
        jdbc.sql("""
                update account_resident set status = 'DELETION_SCHEDULED', deletion_due_at = ?,
                       mobile = 'deleted:' || id, username = 'deleted:' || id
                where id = ?""").params(utc(removal), id.value()).update();
        events.publishEvent(new AccountDeletionScheduled(id, removal));
        return removal;
    }

    /** Removes the accounts whose deletion is due; other modules remove their data on the event. */
    @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
    @SchedulerLock(name = "account-removal")
    @Transactional
    public void removeDueAccounts() {
        List<UUID> due = jdbc.sql("select id from account_resident where status = 'DELETION_SCHEDULED' and deletion_due_at <= ?")
                .param(utc(now())).query(UUID.class).list();
        for (UUID id : due) {
            jdbc.sql("delete from account_resident where id = ?").param(id).update();
            events.publishEvent(new AccountDeleted(new AccountId(id)));
        }
    }

    private void setPassword(ResidentAccount account, String newPassword) {
        policy.problemWith(newPassword, account.username(), "newPassword").ifPresent(problem -> {
            throw problem;
        });
        jdbc.sql("update account_resident set password_hash = ?, password_changed_at = ? where id = ?")
                .params(passwords.encode(newPassword), utc(now()), account.id().value()).update();
    }

    private static AccountProblemException mobileHasALocker() {
        return new AccountProblemException("mobile", "refusal.mobile.hasLocker", new Object[0],
                "This mobile number already has a locker. Sign in instead.");
    }

    private String checkUsername(String username) {
        String name = username == null ? "" : username.strip();
        if (!USERNAME.matcher(name).matches()) {
            throw new AccountProblemException("username", "refusal.username", new Object[0], "A username has 3 to "
                    + "32 letters, digits, dots, hyphens or underscores, and starts with a letter or digit.");
        }
        return name;
    }

    private boolean usernameTaken(String name) {
        return jdbc.sql("""
                select exists(select 1 from account_resident where lower(username) = lower(:name))
                    or exists(select 1 from account_administrator where lower(username) = lower(:name))""")
                .param("name", name).query(Boolean.class).single();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static ResidentAccount account(ResultSet rs, int row) throws SQLException {
        String mobile = rs.getString("mobile");
        return new ResidentAccount(new AccountId(rs.getObject("id", UUID.class)),
                new LockerId(rs.getObject("locker_id", UUID.class)), rs.getString("username"),
                mobile.startsWith("deleted:") ? null : new MobileNumber(mobile),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                DELETION_SCHEDULED.equals(rs.getString("status")));
    }

    /**
     * The running total of lockers at the end of each of the last {@code months} months in India's time, this one
     * included, oldest first: accounts opened up to then and not removed since (DigiLocker's cumulative monthly
     * registrations).
     *
     * @param months from 1 to 120
     */
    public List<MonthlyRegistrations> registrationsByMonth(int months) {
        if (months < 1 || months > 120) {
            throw new IllegalArgumentException("months must be from 1 to 120: " + months);
        }
        ZoneId india = ZoneId.of("Asia/Kolkata");
        YearMonth thisMonth = YearMonth.from(clock.instant().atZone(india));
        YearMonth first = thisMonth.minusMonths(months - 1L);
        Instant from = first.atDay(1).atStartOfDay(india).toInstant();
        long before = jdbc.sql("select count(*) from account_resident where created_at < ?").param(utc(from))
                .query(Long.class).single();
        Map<YearMonth, Long> opened = new HashMap<>();
        jdbc.sql("""
                select to_char(created_at at time zone 'Asia/Kolkata', 'YYYY-MM') as month, count(*) as opened
                from account_resident where created_at >= ? group by 1""")
                .param(utc(from))
                .query(rs -> {
                    opened.put(YearMonth.parse(rs.getString("month")), rs.getLong("opened"));
                });
        List<MonthlyRegistrations> totals = new ArrayList<>(months);
        long total = before;
        for (YearMonth month = first; !month.isAfter(thisMonth); month = month.plusMonths(1)) {
            total += opened.getOrDefault(month, 0L);
            totals.add(new MonthlyRegistrations(month, total));
        }
        return List.copyOf(totals);
    }

    /**
     * Opens a locker for a mobile number a requester's system has just had the resident prove with an OTP
     * (DigiLocker's partner sign-up, ADR 23): the username is made up ({@code dl} and ten letters and digits) and
     * the password is a random one nobody knows, so the resident signs in by OTP or sets a password by "forgot
     * password".
     *
     * @throws AccountProblemException when the number already has a locker
     */
    @Transactional
    public ResidentAccount signUpForPartner(MobileNumber provenMobile) {
        if (findByMobile(provenMobile).isPresent()) {
            throw mobileHasALocker();
        }
        Instant now = now();
        for (int attempt = 0; attempt < 5; attempt++) {
            String name = "dl" + generatedName();
            if (usernameTaken(name)) {
                continue;
            }
            var account = new ResidentAccount(new AccountId(UUID.randomUUID()), new LockerId(UUID.randomUUID()),
                    name, provenMobile, now, false);
            byte[] unknown = new byte[32];
            GENERATED.nextBytes(unknown);
            try {
                jdbc.sql("""
                        insert into account_resident (id, locker_id, username, password_hash, mobile, status,
                                                      created_at, password_changed_at)
                        values (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")
                        .params(account.id().value(), account.lockerId().value(), name,
                                passwords.encode(java.util.HexFormat.of().formatHex(unknown)), provenMobile.value(),
                                utc(now), utc(now))
                        .update();
            }
            catch (DuplicateKeyException raced) {
                throw new AccountProblemException("mobile", "refusal.mobile.raced", new Object[0],
                        "This mobile number was just taken.");
            }
            events.publishEvent(new ResidentSignedUp(account.id(), account.lockerId()));
            return account;
        }
        throw new IllegalStateException("five generated usernames in a row were taken");
    }

    private static final java.security.SecureRandom GENERATED = new java.security.SecureRandom();

    private static String generatedName() {
        String letters = "abcdefghjkmnpqrstuvwxyz23456789";
        var name = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            name.append(letters.charAt(GENERATED.nextInt(letters.length())));
        }
        return name.toString();
    }

    /** The languages a resident can choose: English and Hindi. */
    static final java.util.Set<String> LANGUAGES = java.util.Set.of("en", "hi");

    /**
     * How to reach a resident and in which language, for the messages other modules send them: the mobile
     * number, the e-mail address only once proven with a code, and the language they chose last. Empty for an
     * account that is gone or being deleted.
     */
    public Optional<ResidentContact> contactOf(AccountId id) {
        return jdbc.sql("select mobile, email, language from account_resident where id = ? and status = 'ACTIVE'")
                .param(id.value())
                .query((rs, n) -> new ResidentContact(id, new MobileNumber(rs.getString("mobile")),
                        Optional.ofNullable(rs.getString("email")).map(EmailAddress::new),
                        language(rs.getString("language"))))
                .optional();
    }

    /** The language the resident chose last, if they ever chose one while signed in. */
    public Optional<java.util.Locale> languageOf(AccountId id) {
        return jdbc.sql("select language from account_resident where id = ?").param(id.value())
                .query(String.class).optional().filter(LANGUAGES::contains).map(java.util.Locale::forLanguageTag);
    }

    /**
     * Remembers the language a signed-in resident switched to; a language other than English and Hindi is
     * ignored.
     */
    public void rememberLanguage(AccountId id, java.util.Locale language) {
        if (language != null && LANGUAGES.contains(language.getLanguage())) {
            jdbc.sql("update account_resident set language = ? where id = ? and language is distinct from ?")
                    .params(language.getLanguage(), id.value(), language.getLanguage()).update();
        }
    }

    private static java.util.Locale language(String stored) {
        return stored != null && LANGUAGES.contains(stored) ? java.util.Locale.forLanguageTag(stored)
                : java.util.Locale.ENGLISH;
    }

    /** The active account of a username, whatever its case (usernames are unique regardless of case). */
    public Optional<ResidentAccount> findByUsername(String username) {
        if (username == null || !USERNAME.matcher(username.strip()).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("select * from account_resident where lower(username) = lower(?) and status = 'ACTIVE'")
                .param(username.strip()).query(ResidentAccounts::account).optional();
    }
}
