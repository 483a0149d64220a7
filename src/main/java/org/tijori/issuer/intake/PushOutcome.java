package org.tijori.issuer.intake;

import org.tijori.issuer.DocumentUri;

/** What became of a push: accepted, with the document's URI, or refused with a reason. */
public sealed interface PushOutcome permits PushOutcome.Accepted, PushOutcome.Refused {

    /** The request's {@code ts} and {@code txn}, echoed in the answer; may be null when unreadable. */
    String ts();

    String txn();

    record Accepted(String ts, String txn, DocumentUri uri, int version, Delivery delivery) implements PushOutcome {
    }

    /**
     * @param code a stable error code, such as {@code invalid_hmac}
     * @param reason what was wrong, in words
     */
    record Refused(String ts, String txn, Refusal kind, String code, String reason) implements PushOutcome {
    }

    /** Where an accepted document went. */
    enum Delivery {
        LOCKER, PARKED, REMOVED
    }

    /** Why a push was refused, which decides the answer's status. */
    enum Refusal {
        /** The request is malformed or names something that does not exist. */
        INVALID,
        /** The request does not prove it comes from the issuer it names. */
        UNAUTHENTICATED,
        /** The issuer may not publish (not approved, suspended) or does not own the doc type. */
        FORBIDDEN,
        /** The request conflicts with what is there: a replayed {@code txn}, an existing URI. */
        CONFLICT,
        /** No such document to update or delete. */
        NOT_FOUND,
        /** Over the size cap. */
        TOO_LARGE,
        /** Too many requests from one address failed to prove their issuer. */
        RATE_LIMITED
    }
}
