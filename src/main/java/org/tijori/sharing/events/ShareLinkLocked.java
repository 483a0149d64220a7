package org.tijori.sharing.events;

import org.tijori.account.AccountId;

/**
 * A share link locked itself after too many wrong access codes; it opens no more.
 */
public record ShareLinkLocked(AccountId account, String share, String client) {
}
