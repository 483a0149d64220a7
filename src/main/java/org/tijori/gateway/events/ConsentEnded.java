package org.tijori.gateway.events;

import org.tijori.account.AccountId;
import org.tijori.gateway.ConsentId;
import org.tijori.gateway.RequesterId;

/**
 * A consent ended before its time, and every token issued under it with it.
 *
 * @param endedBy {@code RESIDENT}, {@code REQUESTER}, {@code ADMINISTRATOR}, {@code REUSE} (a spent refresh token or
 *                code presented again) or {@code ACCOUNT}
 * @param authorizationsRevoked how many of its authorizations were still live and were revoked
 */
public record ConsentEnded(AccountId account, RequesterId requester, String clientId, ConsentId consent,
        String endedBy, int authorizationsRevoked) {
}
