package org.tijori.gateway.events;

import org.tijori.gateway.RequesterId;

/** An administrator rejected a requester's registration. */
public record RequesterRejected(RequesterId requester) {
}
