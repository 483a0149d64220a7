package org.tijori.issuer.pull;

/** Where a search a resident started stands: running, or what came of it. */
public enum PullState {
    /** The issuer is being asked. */
    RUNNING,
    /** The document is in the resident's locker. */
    FOUND,
    /** The issuer is preparing the document and will send it to the locker later (status 9). */
    PENDING,
    /** The issuer has no document for these details (status 0). */
    NOT_FOUND,
    /** The issuer did not answer in time, answered with an error, or is left alone for a while after failures. */
    UNAVAILABLE,
    /** The issuer no longer answers searches for this doc type. */
    NOT_OFFERED,
    /** The issuer's answer could not be trusted: bad XML, a signature that does not verify. */
    BAD_ANSWER,
    /** The issuer found a document that is already in another resident's locker. */
    HELD_ELSEWHERE,
    /**
     * The issuer's document names someone else: another national ID, or a name and date of birth that are not
     * those of the resident's linked national ID (or the resident has linked none).
     */
    NOT_YOURS,
    /** Tijori could not finish the search: too many were running, or the node stopped. */
    INTERRUPTED;

    public boolean finished() {
        return this != RUNNING;
    }
}
