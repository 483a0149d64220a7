package org.tijori.gateway.events;

import org.tijori.account.AccountId;

/**
 * Every token of one authorization was revoked because a spent refresh token (or a spent authorization code) was
 * presented again: whoever holds the newest pair may be a thief (RFC 9700, 4.14.2).
 *
 * @param reason {@code refresh-reuse} or {@code code-reuse}
 */
public record TokenFamilyRevoked(AccountId account, String clientId, String authorization, String reason) {
}
