package org.tijori.locker.events;

import org.tijori.account.AccountId;

/**
 * A resident moved an uploaded document to the recycle bin ({@code permanently} false) or removed it
 * for good (true: from the bin, or when the bin's retention ran out).
 */
public record DocumentDeleted(AccountId account, String document, String name, boolean permanently) {
}
