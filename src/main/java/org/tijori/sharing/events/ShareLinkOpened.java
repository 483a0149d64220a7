package org.tijori.sharing.events;

import org.tijori.account.AccountId;

/**
 * The recipient of a share link opened it ({@code what} is {@code page}) or took a document from it.
 *
 * @param what {@code page}, or {@code download} or {@code view} and the document's name
 * @param client the client's address cut to its network and its browser's family
 * @param first whether this is the link's first opening
 */
public record ShareLinkOpened(AccountId account, String share, String what, String client, boolean first) {
}
