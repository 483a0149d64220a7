package org.tijori.gateway.events;

import org.tijori.gateway.RequesterId;

/**
 * An administrator suspended a requester: its tokens stopped at once, and the residents' consents to it ended.
 *
 * @param consentsEnded how many consents still running were ended
 */
public record RequesterSuspended(RequesterId requester, String clientId, int consentsEnded) {
}
