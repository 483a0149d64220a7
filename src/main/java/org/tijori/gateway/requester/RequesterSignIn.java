package org.tijori.gateway.requester;

import java.time.Instant;

import org.tijori.gateway.RequesterId;

/**
 * What became of a sign-in to the requester portal. An unknown client ID, a wrong secret and a requester that is
 * not approved are all the same {@link Refused}, so the answer tells a stranger nothing.
 */
public sealed interface RequesterSignIn permits RequesterSignIn.SignedIn, RequesterSignIn.Refused,
        RequesterSignIn.Throttled {

    /**
     * The credentials are right and the requester is approved.
     *
     * @param secretIssuedAt when the secret signed in with was issued: a newer one ends the session
     */
    record SignedIn(RequesterId requester, String clientId, Instant secretIssuedAt) implements RequesterSignIn {
    }

    record Refused() implements RequesterSignIn {
    }

    /** Too many failures lately for this client ID or from this address; the credentials were not checked. */
    record Throttled() implements RequesterSignIn {
    }
}
