package org.tijori.gateway.events;

import org.tijori.gateway.RequesterId;

/** A requester registered; its registration waits for an administrator. */
public record RequesterRegistered(RequesterId requester, String name, String organisation) {
}
