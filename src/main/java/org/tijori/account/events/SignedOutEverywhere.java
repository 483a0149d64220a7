package org.tijori.account.events;

import org.tijori.account.AccountId;

/**
 * A resident ended every session of the account.
 */
public record SignedOutEverywhere(AccountId account) {
}
