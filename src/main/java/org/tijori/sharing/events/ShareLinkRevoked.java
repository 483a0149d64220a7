package org.tijori.sharing.events;

import org.tijori.account.AccountId;

/**
 * A share link was revoked: ended before its time, by the resident or because what it shares is gone.
 *
 * @param reason {@code revoked} (by the resident), {@code document-deleted} or {@code account-closed}
 */
public record ShareLinkRevoked(AccountId account, String share, String reason) {
}
