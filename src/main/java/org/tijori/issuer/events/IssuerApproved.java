package org.tijori.issuer.events;

import org.tijori.issuer.IssuerId;

/**
 * An administrator approved an issuer, which received its credentials.
 */
public record IssuerApproved(IssuerId issuer, String clientId) {
}
