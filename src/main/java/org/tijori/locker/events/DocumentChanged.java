package org.tijori.locker.events;

import org.tijori.account.AccountId;

/**
 * A resident renamed an uploaded document, set its type or moved it to another folder.
 *
 * @param change {@code renamed}, {@code typed} or {@code moved}
 */
public record DocumentChanged(AccountId account, String document, String change, String name) {
}
