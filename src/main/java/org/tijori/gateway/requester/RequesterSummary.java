package org.tijori.gateway.requester;

import java.time.Instant;
import java.util.List;

import org.tijori.gateway.RequesterId;

/**
 * A requester as the administrators see it.
 *
 * @param clientId its client ID once approved, else null
 * @param hasLogo whether it sent a logo with its registration
 */
public record RequesterSummary(RequesterId id, String name, String organisation, String contactEmail, String purpose,
        List<String> redirectUris, RequesterKind kind, boolean maySignUp, RequesterStatus status, String clientId,
        boolean hasLogo, Instant registeredAt, Instant statusChangedAt) {

    public RequesterSummary {
        redirectUris = List.copyOf(redirectUris);
    }
}
