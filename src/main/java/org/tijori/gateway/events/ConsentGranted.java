package org.tijori.gateway.events;

import java.time.Instant;
import java.util.List;

import org.tijori.account.AccountId;
import org.tijori.gateway.ConsentId;
import org.tijori.gateway.RequesterId;

/**
 * A resident let a requester reach part of the locker: these scopes, all issued documents or the ones listed, until
 * {@code expiresAt}.
 *
 * @param documents the issued documents' URIs when not all of them are reached; empty otherwise
 * @param duration {@code ONCE}, {@code DAY}, {@code MONTH} or {@code YEAR}
 */
public record ConsentGranted(AccountId account, RequesterId requester, String clientId, ConsentId consent,
        List<String> scopes, boolean allIssued, List<String> documents, String duration, Instant expiresAt) {
}
