package org.tijori.gateway.events;

import org.tijori.gateway.RequesterId;

/**
 * A requester's client secret was replaced; the old one stopped working.
 *
 * @param by {@code ADMINISTRATOR} or {@code REQUESTER} (from its portal)
 */
public record RequesterSecretRotated(RequesterId requester, String clientId, String by) {
}
