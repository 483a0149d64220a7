package org.tijori.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.account.MobileNumber;
import org.tijori.account.RateLimitedException;
import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.account.events.AccountDeleted;
import org.tijori.identity.events.NationalIdLinked;
import org.tijori.identity.events.NationalIdUnlinked;
import org.tijori.storage.SealedValues;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Residents' national IDs: linking one after an OTP to the mobile number the ID authority holds for
 * it, unlinking it the same way, and finding the locker a national ID is linked to. The number is
 * kept sealed and found by a keyed fingerprint; nothing outside this class sees more than its last
 * four digits, but for Tijori's own uses that never show it: a search the resident asked an issuer for
 * ({@link #nationalIdOf}) and the national-ID card ({@link #recordOf}).
 */
@Service
public class NationalIdLinks {

    public static final String CONTEXT = "identity/national-id";

    static final String STAND_IN = "identity/national-id-stand-in";

    static final String PHOTO = "identity/national-id-photo";

    private final JdbcClient jdbc;

    private final SealedValues sealed;

    private final IdAuthority authority;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final RateLimits limits;

    private final RateLimit lookupsPerAccount;

    private final RateLimit lookupsPerAddress;

    NationalIdLinks(JdbcClient jdbc, SealedValues sealed, IdAuthority authority, ApplicationEventPublisher events,
            Clock clock, RateLimits limits, IdentityProperties properties) {
        this.jdbc = jdbc;
        this.sealed = sealed;
        this.authority = authority;
        this.events = events;
        this.clock = clock;
        this.limits = limits;
        this.lookupsPerAccount = new RateLimit("national-id-lookups-account", properties.lookupsPerAccount(),
                Duration.ofHours(1));
        this.lookupsPerAddress = new RateLimit("national-id-lookups-address", properties.lookupsPerAddress(),
                Duration.ofHours(1));
    }

    /** The keyed fingerprint that finds a national ID without keeping it in the clear. */
    public byte[] fingerprint(NationalId uid) {
        return sealed.fingerprint(CONTEXT, uid.value().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * What the ID authority says about a national ID, if it knows it: for Tijori's own use, never to answer a
     * person, whose answers must not tell which numbers exist ({@link #requestLink}, {@link #requestSignIn}).
     */
    public Optional<IdentityRecord> lookUp(NationalId uid) {
        return authority.find(uid);
    }

    /** The account a national ID is linked to. */
    public Optional<AccountId> accountOf(NationalId uid) {
        return jdbc.sql("select account_id from identity_national_id where uid_fingerprint = ?").param(fingerprint(uid))
                .query((rs, n) -> new AccountId(rs.getObject(1, UUID.class))).optional();
    }

    public Optional<LinkedNationalId> linkOf(AccountId account) {
        return jdbc.sql("select last_four, name, dob, gender, linked_at from identity_national_id where account_id = ?")
                .param(account.value()).query(NationalIdLinks::linked).optional();
    }

    /**
     * Starts linking a national ID to an account: where its code goes, with the same answer and the same work
     * whether the authority knows the number or not and whether another locker has it. Only the code, once
     * proven, tells ({@link #link}); for a number the authority does not know, no code is sent and none can be
     * proven.
     *
     * @param typedUid the national ID as the resident typed it
     * @param clientAddress where the request came from
     * @return where the code goes, whether it is really sent, and a token that carries the number sealed, to be
     *         kept with the code and handed back to {@link #link}
     * @throws RateLimitedException when this locker or this address looked up too many national IDs lately
     * @throws NationalIdProblemException when this locker has a national ID already
     * @throws IllegalArgumentException when {@code typedUid} is not a national ID
     */
    public LinkRequest requestLink(AccountId account, String typedUid, String clientAddress) {
        if (!limits.tryAcquire(lookupsPerAccount, account.toString()) || !addressMayLookUp(clientAddress)) {
            throw new RateLimitedException("Too many national ID look-ups from this locker or network.");
        }
        return requestLink(account, NationalId.parse(typedUid));
    }

    /**
     * {@link #requestLink(AccountId, String, String)} without the limits on look-ups, for Tijori's own callers
     * that answer no person.
     *
     * @throws NationalIdProblemException when this locker has a national ID already
     */
    public LinkRequest requestLink(AccountId account, NationalId uid) {
        if (linkOf(account).isPresent()) {
            throw new NationalIdProblemException("nationalId.problem.linked",
                    "Your locker already has a national ID. Unlink it first.");
        }
        Recipient recipient = recipient(uid);
        return new LinkRequest(recipient.mobile(), Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sealed.seal(uid.value().getBytes(StandardCharsets.US_ASCII), CONTEXT)),
                recipient.known());
    }

    /**
     * Starts signing in with a national ID: where its code goes, with the same answer and the same work for
     * every number. The code is really sent only when the authority knows the number and a locker has it.
     *
     * @param typedUid the national ID as the person typed it
     * @param clientAddress where the request came from
     * @throws RateLimitedException when this address looked up too many national IDs lately
     * @throws IllegalArgumentException when {@code typedUid} is not a national ID
     */
    public SignInRequest requestSignIn(String typedUid, String clientAddress) {
        if (!addressMayLookUp(clientAddress)) {
            throw new RateLimitedException("Too many national ID look-ups from this network.");
        }
        Recipient recipient = recipient(NationalId.parse(typedUid));
        return new SignInRequest(recipient.mobile(), recipient.account().orElse(null),
                recipient.known() && recipient.account().isPresent());
    }

    private boolean addressMayLookUp(String clientAddress) {
        return clientAddress == null || limits.tryAcquire(lookupsPerAddress, clientAddress);
    }

    /** Everything both flows need, worked out the same way for every number. */
    private Recipient recipient(NationalId uid) {
        Optional<IdentityRecord> record = authority.find(uid);
        Optional<AccountId> account = accountOf(uid);
        return new Recipient(record.map(IdentityRecord::mobile).orElseGet(() -> standIn(uid)), record.isPresent(),
                account);
    }

    /**
     * Stands in for the mobile number of a national ID the authority does not know; no code ever goes to it.
     * It is one per ID (from a keyed fingerprint, so nobody can aim it at a real number), so that the limit
     * of codes per number counts an unknown ID exactly as it counts a known one.
     */
    MobileNumber standIn(NationalId uid) {
        byte[] fingerprint = sealed.fingerprint(STAND_IN, uid.value().getBytes(StandardCharsets.US_ASCII));
        long number = ByteBuffer.wrap(fingerprint).getLong() & Long.MAX_VALUE;
        return new MobileNumber("6" + String.format("%09d", number % 1_000_000_000L));
    }

    /**
     * Links the national ID carried by {@code token} once its OTP was confirmed.
     *
     * @throws NationalIdProblemException when it was linked elsewhere meanwhile
     */
    @Transactional
    public LinkedNationalId link(AccountId account, String token) {
        byte[] sealedUid = Base64.getUrlDecoder().decode(token);
        var uid = new NationalId(new String(sealed.open(sealedUid, CONTEXT), StandardCharsets.US_ASCII));
        IdentityRecord record = authority.find(uid).orElseThrow(() -> new NationalIdProblemException(
                "nationalId.problem.unknown", "The ID authority does not know this number any more."));
        byte[] fingerprint = fingerprint(uid);
        try {
            jdbc.sql("""
                    insert into identity_national_id (account_id, uid_fingerprint, uid_sealed, last_four, name, dob,
                                                      gender, linked_at, photo_sealed, photo_kept)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, true)""")
                    .params(account.value(), fingerprint, sealedUid, uid.lastFour(), record.name(), record.dob(),
                            record.gender().name(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                            sealedPhoto(record))
                    .update();
        }
        catch (DuplicateKeyException e) {
            throw new NationalIdProblemException("This national ID is linked to another locker.");
        }
        events.publishEvent(new NationalIdLinked(account, HexFormat.of().formatHex(fingerprint), uid.lastFour()));
        return linkOf(account).orElseThrow();
    }

    /**
     * Whether the ID authority holds this name, date of birth and gender for a national ID (demographic
     * authentication, for a requester that opens a locker: ADR 23). Names match whatever their case and spacing.
     * An ID the authority does not know does not match, and cannot be told apart from one that does not match.
     * Every attempt takes a token of {@code failures} for {@code client} first, given back when it matches: a
     * client that keeps failing is stopped before it asks again, as look-ups are.
     *
     * @param failures how many failures one client may have
     * @param client who asks, the key of {@code failures}
     * @throws RateLimitedException when {@code client} failed too often lately; nothing was compared
     */
    public boolean demographicMatch(NationalId uid, String name, LocalDate dob, Gender gender, RateLimit failures,
            String client) {
        if (!limits.tryAcquire(failures, client)) {
            throw new RateLimitedException("Too many failed demographic authentications from this client.");
        }
        boolean matches = authority.find(uid).filter(record -> sameName(record.name(), name)
                && record.dob().equals(dob) && record.gender() == gender).isPresent();
        if (matches) {
            limits.giveBack(failures, client);
        }
        return matches;
    }

    private static boolean sameName(String held, String given) {
        return given != null && normalName(held).equals(normalName(given));
    }

    private static String normalName(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Links a national ID to an account whose mobile number was just proven by an OTP, when that number is the one
     * the ID authority holds for the ID (a partner's sign-up, ADR 23): the OTP then proved the ID as the link page's
     * OTP does. Nothing is linked, and nothing said, when the numbers differ, the authority does not know the ID, or
     * another locker has it.
     *
     * @return the link, or empty when nothing was linked
     */
    @Transactional
    public Optional<LinkedNationalId> linkProven(AccountId account, NationalId uid, MobileNumber proven) {
        Optional<IdentityRecord> record = authority.find(uid).filter(found -> found.mobile().equals(proven));
        if (record.isEmpty() || linkOf(account).isPresent() || accountOf(uid).isPresent()) {
            return Optional.empty();
        }
        byte[] fingerprint = fingerprint(uid);
        int linked = jdbc.sql("""
                insert into identity_national_id (account_id, uid_fingerprint, uid_sealed, last_four, name, dob,
                                                  gender, linked_at, photo_sealed, photo_kept)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, true) on conflict do nothing""")
                .params(account.value(), fingerprint,
                        sealed.seal(uid.value().getBytes(StandardCharsets.US_ASCII), CONTEXT), uid.lastFour(),
                        record.get().name(), record.get().dob(), record.get().gender().name(),
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), sealedPhoto(record.get()))
                .update();
        if (linked == 0) {
            return Optional.empty();
        }
        events.publishEvent(new NationalIdLinked(account, HexFormat.of().formatHex(fingerprint), uid.lastFour()));
        return linkOf(account);
    }

    /** Where the OTP that confirms unlinking goes: the mobile the authority holds for the linked ID. */
    public MobileNumber unlinkMobile(AccountId account) {
        NationalId uid = linkedUid(account).orElseThrow(() -> new NationalIdProblemException(
                "Your locker has no national ID to unlink."));
        return authority.find(uid).map(IdentityRecord::mobile).orElseThrow(() -> new NationalIdProblemException(
                "The ID authority does not know the linked number any more."));
    }

    @Transactional
    public void unlink(AccountId account) {
        Optional<LinkedNationalId> linked = linkOf(account);
        jdbc.sql("delete from identity_national_id where account_id = ?").param(account.value()).update();
        linked.ifPresent(link -> events.publishEvent(new NationalIdUnlinked(account, link.lastFour())));
    }

    @ApplicationModuleListener
    void on(AccountDeleted deleted) {
        jdbc.sql("delete from identity_national_id where account_id = ?").param(deleted.account().value()).update();
        jdbc.sql("delete from identity_external_login where account_id = ?").param(deleted.account().value()).update();
    }

    /**
     * What the ID authority holds now about the national ID linked to an account: for Tijori's own card of that
     * ID (its issuer module draws it), never for showing a person more than the card shows. Empty when the
     * account has no national ID linked, or the authority no longer knows it.
     */
    public Optional<IdentityRecord> recordOf(AccountId account) {
        return linkedUid(account).flatMap(authority::find);
    }

    /**
     * The photo (JPEG) the ID authority held for the national ID linked to an account when it was linked, for the
     * resident's own pages; empty when none is linked or the authority held no photo. The photo is kept with the
     * link, so that showing it never waits on the authority; a link made before photos were kept fetches it once.
     */
    public Optional<byte[]> photoOf(AccountId account) {
        record Kept(boolean kept, byte[] photo) {
        }
        Optional<Kept> row = jdbc.sql("select photo_kept, photo_sealed from identity_national_id where account_id = ?")
                .param(account.value()).query((rs, n) -> new Kept(rs.getBoolean(1), rs.getBytes(2))).optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().kept()) {
            return Optional.ofNullable(row.get().photo()).map(photo -> sealed.open(photo, PHOTO));
        }
        Optional<IdentityRecord> record = recordOf(account);
        jdbc.sql("update identity_national_id set photo_sealed = ?, photo_kept = true where account_id = ?")
                .params(record.map(this::sealedPhoto).orElse(null), account.value()).update();
        return record.map(IdentityRecord::photo);
    }

    /**
     * Whether the national ID linked to an account came with a photo, without opening it (for pages that only link
     * to it); a link made before photos were kept fetches it once, as {@link #photoOf} does.
     */
    public boolean hasPhoto(AccountId account) {
        Optional<Boolean> kept = jdbc.sql("select photo_kept from identity_national_id where account_id = ?")
                .param(account.value()).query(Boolean.class).optional();
        if (kept.isEmpty()) {
            return false;
        }
        return kept.get() ? jdbc.sql("select photo_sealed is not null from identity_national_id where account_id = ?")
                .param(account.value()).query(Boolean.class).single() : photoOf(account).isPresent();
    }

    private byte[] sealedPhoto(IdentityRecord record) {
        return record.photo() == null ? null : sealed.seal(record.photo(), PHOTO);
    }

    /**
     * The accounts with a national ID linked, in the order of their IDs, a page at a time: those after
     * {@code after} ({@code null} for the first page), at most {@code limit} (1 to 1,000).
     */
    public List<AccountId> linkedAccounts(AccountId after, int limit) {
        return jdbc.sql("""
                select account_id from identity_national_id where account_id > ? order by account_id limit ?""")
                // PostgreSQL orders uuids by their bytes, unsigned: the nil UUID comes before every other.
                .params(after == null ? new UUID(0, 0) : after.value(),
                        Math.max(1, Math.min(1_000, limit)))
                .query((rs, n) -> new AccountId(rs.getObject(1, UUID.class))).list();
    }

    /**
     * The national ID linked to an account, in full: only for passing it to an issuer the resident
     * asked to search (Pull URI), never for showing or logging.
     */
    public Optional<NationalId> nationalIdOf(AccountId account) {
        return linkedUid(account);
    }

    private Optional<NationalId> linkedUid(AccountId account) {
        return jdbc.sql("select uid_sealed from identity_national_id where account_id = ?").param(account.value())
                .query(byte[].class).optional()
                .map(value -> new NationalId(new String(sealed.open(value, CONTEXT), StandardCharsets.US_ASCII)));
    }

    private static LinkedNationalId linked(ResultSet rs, int row) throws SQLException {
        return new LinkedNationalId(rs.getString("last_four"), rs.getString("name"),
                rs.getObject("dob", LocalDate.class), Gender.valueOf(rs.getString("gender")),
                rs.getObject("linked_at", OffsetDateTime.class).toInstant());
    }

    /**
     * @param mobile where the OTP goes: the number the authority holds, or a stand-in for an unknown ID
     * @param token the national ID, sealed, to keep with the OTP
     * @param deliver whether the code is really sent (the authority knows the number)
     */
    public record LinkRequest(MobileNumber mobile, String token, boolean deliver) {

        @Override
        public String toString() {
            return "LinkRequest[mobile=" + mobile + "]";
        }
    }

    /**
     * @param mobile where the OTP goes: the number the authority holds, or a stand-in for an unknown ID
     * @param account the locker the national ID is linked to, to keep with the OTP; null when none is
     * @param deliver whether the code is really sent (the authority knows the number and a locker has it)
     */
    public record SignInRequest(MobileNumber mobile, AccountId account, boolean deliver) {
    }

    private record Recipient(MobileNumber mobile, boolean known, Optional<AccountId> account) {
    }
}
