package org.tijori.issuer.pull;

import org.tijori.issuer.DocumentUri;

import org.springframework.modulith.NamedInterface;

/** What came of searching an issuer for a resident's document (Pull URI). */
@NamedInterface("pulls")
public sealed interface PullOutcome
        permits PullOutcome.Found, PullOutcome.NotFound, PullOutcome.Pending, PullOutcome.Failed {

    /** The issuer found it; it is in the resident's locker now (or was already). */
    @NamedInterface("pulls")
    record Found(DocumentUri uri, int version) implements PullOutcome {
    }

    /** The issuer has no document for these details. */
    @NamedInterface("pulls")
    record NotFound() implements PullOutcome {
    }

    /** The issuer is preparing it and will push it to the locker later (status 9). */
    @NamedInterface("pulls")
    record Pending() implements PullOutcome {
    }

    /**
     * The search could not be made or its answer could not be used.
     *
     * @param reason in words for the resident, without internals
     */
    @NamedInterface("pulls")
    record Failed(Reason kind, String reason) implements PullOutcome {
    }

    /** Why a search failed. */
    @NamedInterface("pulls")
    enum Reason {
        /** The search itself is wrong: unknown doc type, a missing parameter. */
        INVALID,
        /** The issuer does not answer searches (no Pull URI endpoint, not approved). */
        NOT_OFFERED,
        /** The issuer did not answer in time, answered with an error, or is switched off for a while. */
        UNAVAILABLE,
        /** The issuer answered something that cannot be trusted: bad XML, a bad signature. */
        BAD_ANSWER,
        /** The document is in another locker. */
        HELD_ELSEWHERE,
        /** The document names someone other than the resident who searched. */
        NOT_YOURS,
        /** No approved issuer has the ID searched ({@link ResidentPulls} only). */
        UNKNOWN_ISSUER,
        /** The issuer does not issue the doc type searched ({@link ResidentPulls} only). */
        UNKNOWN_DOC_TYPE,
        /** The search needs details of the resident's national ID, and none is linked ({@link ResidentPulls} only). */
        NATIONAL_ID_NEEDED
    }
}
