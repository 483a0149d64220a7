package org.tijori.verify;

import org.tijori.issuer.VerifiableVersion;

/**
 * What a verification came to: the report of a genuine proof's document, or the one refusal. A refusal carries
 * no reason, so that nothing about why (no such URI, a forged proof, another document's proof) reaches a client.
 */
public sealed interface VerificationOutcome {

    /**
     * A genuine proof of this installation for a version the repository holds.
     *
     * @param version the version as the repository holds it, with the resident it belongs to
     */
    record Verified(VerificationReport report, VerifiableVersion version) implements VerificationOutcome {
    }

    /** Anything else, answered as if the URI did not exist. */
    enum Refused implements VerificationOutcome {
        REFUSED
    }
}
