package org.tijori.gateway.partner;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.tijori.account.AccountId;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.LinkedNationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.idcard.NationalIdCards;
import org.tijori.storage.SealedValues;

import org.springframework.stereotype.Service;

/**
 * Who the resident behind a token is, as DigiLocker tells a requester ({@code /oauth2/1/user} and the token answer,
 * ADR 23): the locker ID, and the name, date of birth and gender the linked national ID carries. A resident without
 * a linked national ID is named by the username, with no date of birth or gender (ADR 23, open question 4).
 */
@Service
public class PartnerProfiles {

    /** The purpose of {@code reference_key}'s keyed hash. */
    static final String REFERENCE_KEY = "gateway/reference-key";

    private static final DateTimeFormatter DDMMYYYY = DateTimeFormatter.ofPattern("ddMMuuuu");

    private final ResidentAccounts accounts;

    private final NationalIdLinks nationalIds;

    private final NationalIdCards cards;

    /** How long a token answer may repeat the details read for an earlier one. */
    static final Duration RECENT = Duration.ofSeconds(30);

    /** Residents whose details are kept for token answers at most. */
    private static final int KEPT = 10_000;

    private final SealedValues sealed;

    private final Clock clock;

    private final Map<AccountId, Recent> recent = new ConcurrentHashMap<>();

    PartnerProfiles(ResidentAccounts accounts, NationalIdLinks nationalIds, NationalIdCards cards,
            SealedValues sealed, Clock clock) {
        this.accounts = accounts;
        this.nationalIds = nationalIds;
        this.cards = cards;
        this.sealed = sealed;
        this.clock = clock;
    }

    /**
     * The resident's details for a token answer, read at most once every {@link #RECENT} for each resident: a
     * requester refreshing often costs no reads of the account, the national ID and the card. What
     * {@code /oauth2/1/user} answers is always read ({@link #profileOf}).
     */
    public Optional<Profile> recentProfileOf(AccountId account, String clientId) {
        Instant now = clock.instant();
        Recent kept = recent.get(account);
        if (kept == null || !kept.until().isAfter(now)) {
            Optional<Profile> read = profileOf(account, clientId);
            if (read.isEmpty()) {
                recent.remove(account);
                return read;
            }
            if (recent.size() >= KEPT) {
                recent.clear();
            }
            recent.put(account, new Recent(read.get(), now.plus(RECENT)));
            return read;
        }
        Profile profile = kept.profile();
        return Optional.of(new Profile(profile.lockerId(), profile.name(), profile.dob(), profile.gender(),
                profile.nationalIdCard(), referenceKey(account, clientId)));
    }

    private record Recent(Profile profile, Instant until) {
    }

    /**
     * The resident's details as the requester {@code clientId} is told them; nothing when the account no longer
     * exists.
     */
    public Optional<Profile> profileOf(AccountId account, String clientId) {
        Optional<ResidentAccount> resident = accounts.find(account);
        if (resident.isEmpty()) {
            return Optional.empty();
        }
        Optional<LinkedNationalId> link = nationalIds.linkOf(account);
        String name = link.map(LinkedNationalId::name).filter(given -> !given.isBlank())
                .orElse(resident.get().username());
        String dob = link.map(LinkedNationalId::dob).map(DDMMYYYY::format).orElse("");
        String gender = link.map(LinkedNationalId::gender).map(Enum::name).orElse("");
        return Optional.of(new Profile(resident.get().lockerId().toString(), name, dob, gender,
                cards.holds(account), referenceKey(account, clientId)));
    }

    /**
     * {@code reference_key}: 32 hex characters, the first 16 bytes of a keyed hash of the requester's client ID and
     * the account, so that it is stable for one requester and resident and links nothing across requesters.
     */
    public String referenceKey(AccountId account, String clientId) {
        byte[] fingerprint = sealed.fingerprint(REFERENCE_KEY,
                (clientId + ":" + account.value()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(fingerprint, 0, 16);
    }

    /**
     * What a requester is told of a resident.
     *
     * @param lockerId the locker ID ({@code digilockerid})
     * @param dob the date of birth as DDMMYYYY, or empty when no national ID is linked
     * @param gender {@code M}, {@code F} or {@code T}, or empty when no national ID is linked
     * @param nationalIdCard whether the resident holds the national-ID card ({@code eaadhaar} Y)
     */
    public record Profile(String lockerId, String name, String dob, String gender, boolean nationalIdCard,
            String referenceKey) {
    }
}
