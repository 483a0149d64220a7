package org.tijori.issuer.events;

import org.tijori.issuer.IssuerId;

/**
 * A new issuer registered and waits for an administrator.
 */
public record IssuerRegistered(IssuerId issuer, String name, String category) {
}
