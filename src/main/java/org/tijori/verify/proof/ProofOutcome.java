package org.tijori.verify.proof;

/**
 * What {@link ProofCheck} made of an untrusted proof: its claims, checked, or the one refusal. A refusal
 * carries no reason, so that nothing about why can reach a client and tell a forger how far it got.
 */
public sealed interface ProofOutcome {

    /** The proof is Tijori's, for the URI it was checked against. */
    record Verified(ProofClaims claims) implements ProofOutcome {
    }

    /** Anything else: missing, too long, malformed, unknown key, altered, another document's or installation's. */
    enum Refused implements ProofOutcome {
        REFUSED
    }
}
