package org.tijori.gateway.events;

import java.time.Instant;

import org.tijori.account.AccountId;
import org.tijori.gateway.RequesterId;

/**
 * A requester reached a resident's locker through a token: a document read or written in one call ({@code times} 1),
 * or lists and user details counted over one window and recorded once (ADR 23, "Activity").
 *
 * @param account the resident whose locker was reached
 * @param requester the requester the token was issued to
 * @param clientId the requester's client ID
 * @param operation the partner API operation, as {@code files}, {@code file}, {@code xml}, {@code user}
 * @param document the document reached, its URI; null for lists and user details
 * @param times how many calls this entry counts
 * @param first the first of those calls
 * @param last the last of those calls
 */
public record PartnerAccessed(AccountId account, RequesterId requester, String clientId, String operation,
        String document, int times, Instant first, Instant last) {
}
