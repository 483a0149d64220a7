package org.tijori.gateway.events;

import org.tijori.account.AccountId;
import org.tijori.gateway.RequesterId;

/**
 * A requester opened a locker for a resident who proved the mobile number by an OTP (DigiLocker's sign-up, ADR 23).
 *
 * @param nationalIdLinked whether the national ID was linked too (the authority holds the proven number for it)
 */
public record PartnerSignedUp(AccountId account, RequesterId requester, String clientId, boolean nationalIdLinked) {
}
