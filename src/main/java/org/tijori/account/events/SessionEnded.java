package org.tijori.account.events;

import org.tijori.account.AccountId;

/**
 * A resident signed one of their sessions out from the list of their sessions.
 *
 * @param device what the session was signed in on, as the list showed it
 */
public record SessionEnded(AccountId account, String device) {
}
