package org.tijori.verify;

/**
 * What a verification came to: the report of a genuine proof's document, or the one refusal. A refusal carries
 * no reason, so that nothing about why (no such URI, a forged proof, another document's proof) reaches a client.
 */
public sealed interface VerificationOutcome {

    /** A genuine proof of this installation for a version the repository holds. */
    record Verified(VerificationReport report) implements VerificationOutcome {
    }

    /** Anything else, answered as if the URI did not exist. */
    enum Refused implements VerificationOutcome {
        REFUSED
    }
}
