package org.tijori.gateway.server.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.tijori.account.AccountId;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.LinkedNationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.idcard.NationalIdCards;
import org.tijori.storage.SealedValues;

import org.springframework.stereotype.Component;

/**
 * What the token answer and the ID token say of the resident (ADR 23): the locker ID, the name, date of birth and
 * gender of the linked national ID (a resident without one: the username, and no date of birth or gender, open
 * question 4), whether the national-ID card is held, and DigiLocker's {@code reference_key}, stable per requester and
 * resident and telling one requester nothing another knows.
 */
@Component
class ResidentFacts {

    static final String REFERENCE_KEY = "gateway/reference-key";

    private static final DateTimeFormatter DIGILOCKER_DOB = DateTimeFormatter.ofPattern("ddMMyyyy");

    private final ResidentAccounts accounts;

    private final NationalIdLinks links;

    private final NationalIdCards cards;

    private final SealedValues sealed;

    ResidentFacts(ResidentAccounts accounts, NationalIdLinks links, NationalIdCards cards, SealedValues sealed) {
        this.accounts = accounts;
        this.links = links;
        this.cards = cards;
        this.sealed = sealed;
    }

    Optional<Facts> of(AccountId account, String clientId) {
        return accounts.find(account).map(resident -> facts(resident, clientId));
    }

    private Facts facts(ResidentAccount resident, String clientId) {
        Optional<LinkedNationalId> link = links.linkOf(resident.id());
        byte[] key = sealed.fingerprint(REFERENCE_KEY,
                (clientId + ":" + resident.id()).getBytes(StandardCharsets.UTF_8));
        return new Facts(resident.lockerId().toString(), link.map(LinkedNationalId::name).orElse(resident.username()),
                link.map(LinkedNationalId::dob).orElse(null),
                link.map(found -> found.gender() == null ? "" : found.gender().name()).orElse(""),
                cards.holds(resident.id()), HexFormat.of().formatHex(Arrays.copyOf(key, 16)));
    }

    /**
     * @param dob the date of birth, or null when no national ID is linked
     * @param gender {@code M}, {@code F}, {@code T}, or empty
     * @param referenceKey 32 hex characters
     */
    record Facts(String lockerId, String name, LocalDate dob, String gender, boolean holdsCard, String referenceKey) {

        /** DigiLocker's {@code DDMMYYYY}, or empty. */
        String digiLockerDob() {
            return dob == null ? "" : dob.format(DIGILOCKER_DOB);
        }

        String eaadhaar() {
            return holdsCard ? "Y" : "N";
        }
    }
}
