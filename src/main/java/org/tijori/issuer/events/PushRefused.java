package org.tijori.issuer.events;

/**
 * A push was refused and nothing of it was kept.
 *
 * @param orgId the issuer the request claimed to come from, as sent
 * @param code the error code of the answer, such as {@code invalid_hmac}
 */
public record PushRefused(String orgId, String code, String reason, String txn) {
}
