package org.tijori.sharing.events;

import java.time.Instant;

import org.tijori.account.AccountId;

/**
 * A resident shared documents with someone by an e-mail link.
 *
 * @param documents how many documents the link opens
 */
public record ShareLinkCreated(AccountId account, String share, String recipient, int documents,
        Instant expiresAt) {
}
