package org.tijori.issuer.portal;

import org.tijori.issuer.IssuerId;

/**
 * What became of a sign-in to the issuer portal. An unknown client ID, a wrong secret and an issuer
 * that is not approved are all the same {@link Refused}, so the answer tells a stranger nothing.
 */
public sealed interface PortalSignIn permits PortalSignIn.SignedIn, PortalSignIn.Refused, PortalSignIn.Throttled {

    /** The credentials are right and the issuer is approved. */
    record SignedIn(IssuerId issuer, String clientId) implements PortalSignIn {
    }

    record Refused() implements PortalSignIn {
    }

    /** Too many failures lately for this client ID or from this address; the credentials were not checked. */
    record Throttled() implements PortalSignIn {
    }
}
