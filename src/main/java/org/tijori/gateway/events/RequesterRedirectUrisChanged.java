package org.tijori.gateway.events;

import java.util.List;

import org.tijori.gateway.RequesterId;

/** An administrator changed where a requester's authorization answers may be sent. */
public record RequesterRedirectUrisChanged(RequesterId requester, List<String> redirectUris) {

    public RequesterRedirectUrisChanged {
        redirectUris = List.copyOf(redirectUris);
    }
}
