package org.tijori.gateway.events;

import org.tijori.account.AccountId;
import org.tijori.gateway.RequesterId;

/** A resident denied a requester's request on the consent page; nothing was stored. */
public record ConsentRefused(AccountId account, RequesterId requester, String clientId) {
}
