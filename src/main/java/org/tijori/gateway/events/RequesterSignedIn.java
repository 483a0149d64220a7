package org.tijori.gateway.events;

import org.tijori.gateway.RequesterId;

/** A requester signed in to its portal. */
public record RequesterSignedIn(RequesterId requester, String clientId) {
}
