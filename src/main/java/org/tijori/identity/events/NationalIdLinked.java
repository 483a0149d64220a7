package org.tijori.identity.events;

import org.tijori.account.AccountId;

/**
 * A resident proved and linked a national ID. Documents that issuers parked for that ID can now be
 * delivered: they are found by the same fingerprint.
 *
 * @param account the resident
 * @param uidFingerprint the keyed fingerprint of the national ID (purpose {@code identity/national-id}), hex
 * @param lastFour its last four digits
 */
public record NationalIdLinked(AccountId account, String uidFingerprint, String lastFour) {
}
