package org.tijori.identity;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.account.MobileNumber;
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
 * four digits.
 */
@Service
public class NationalIdLinks {

    public static final String CONTEXT = "identity/national-id";

    private final JdbcClient jdbc;

    private final SealedValues sealed;

    private final IdAuthority authority;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    NationalIdLinks(JdbcClient jdbc, SealedValues sealed, IdAuthority authority, ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.sealed = sealed;
        this.authority = authority;
        this.events = events;
        this.clock = clock;
    }

    /** The keyed fingerprint that finds a national ID without keeping it in the clear. */
    public byte[] fingerprint(NationalId uid) {
        return sealed.fingerprint(CONTEXT, uid.value().getBytes(StandardCharsets.US_ASCII));
    }

    /** What the ID authority says about a national ID, if it knows it. */
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
     * Checks that a national ID can be linked to this account and says where its OTP must go.
     *
     * @return the mobile number the authority holds for it, and a token that carries the number
     *         sealed, to be kept with the OTP and handed back to {@link #link}
     * @throws NationalIdProblemException when the authority does not know it, or it is linked already
     */
    public LinkRequest requestLink(AccountId account, NationalId uid) {
        if (linkOf(account).isPresent()) {
            throw new NationalIdProblemException("Your locker already has a national ID. Unlink it first.");
        }
        IdentityRecord record = authority.find(uid).orElseThrow(() -> new NationalIdProblemException(
                "The ID authority does not know this number. Check it and try again."));
        if (accountOf(uid).isPresent()) {
            throw new NationalIdProblemException("This national ID is linked to another locker.");
        }
        return new LinkRequest(record.mobile(), Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sealed.seal(uid.value().getBytes(StandardCharsets.US_ASCII), CONTEXT)));
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
                "The ID authority does not know this number any more."));
        byte[] fingerprint = fingerprint(uid);
        try {
            jdbc.sql("""
                    insert into identity_national_id (account_id, uid_fingerprint, uid_sealed, last_four, name, dob,
                                                      gender, linked_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(account.value(), fingerprint, sealedUid, uid.lastFour(), record.name(), record.dob(),
                            record.gender().name(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .update();
        }
        catch (DuplicateKeyException e) {
            throw new NationalIdProblemException("This national ID is linked to another locker.");
        }
        events.publishEvent(new NationalIdLinked(account, HexFormat.of().formatHex(fingerprint), uid.lastFour()));
        return linkOf(account).orElseThrow();
    }

    /** Where the OTP that confirms unlinking goes: the mobile the authority holds for the linked ID. */
    public MobileNumber unlinkMobile(AccountId account) {
        NationalId uid = linkedUid(account).orElseThrow(() -> new NationalIdProblemException(
                "Your locker has no national ID to unlink."));
        return authority.find(uid).map(IdentityRecord::mobile).orElseThrow(() -> new NationalIdProblemException(
                "The ID authority does not know the linked number any more."));
    }

    /** The mobile number the authority holds for a national ID, when the ID is linked to a locker. */
    public Optional<MobileNumber> signInMobile(NationalId uid) {
        return accountOf(uid).flatMap(account -> authority.find(uid)).map(IdentityRecord::mobile);
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
     * @param mobile where the OTP goes
     * @param token the national ID, sealed, to keep with the OTP
     */
    public record LinkRequest(MobileNumber mobile, String token) {

        @Override
        public String toString() {
            return "LinkRequest[mobile=" + mobile + "]";
        }
    }
}
