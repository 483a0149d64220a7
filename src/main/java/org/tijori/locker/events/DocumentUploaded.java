package org.tijori.locker.events;

import org.tijori.account.AccountId;

/**
 * A resident uploaded a document.
 */
public record DocumentUploaded(AccountId account, String document, String name, String mediaType, long size) {
}
