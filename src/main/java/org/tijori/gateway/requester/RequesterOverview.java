package org.tijori.gateway.requester;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.tijori.gateway.RequesterId;

/**
 * What a requester sees of itself in its portal.
 *
 * @param activeConsents consents that still let it reach a resident's documents
 * @param totalConsents every consent it was ever given
 * @param days calls and errors per day, newest first, over the last {@value RequesterPortal#DAYS} days
 * @param errors its newest errors, newest first
 */
public record RequesterOverview(RequesterId id, String name, String organisation, RequesterStatus status,
        String clientId, RequesterKind kind, List<String> redirectUris, String purpose, Instant secretIssuedAt,
        long activeConsents, long totalConsents, List<CallDay> days, List<CallError> errors) {

    public RequesterOverview {
        redirectUris = List.copyOf(redirectUris);
        days = List.copyOf(days);
        errors = List.copyOf(errors);
    }

    /** Calls a requester made on one day (UTC), and how many of them failed. */
    public record CallDay(LocalDate day, long calls, long errors) {
    }

    /** One failed call: when, which operation, the status and DigiLocker's error code it was answered. */
    public record CallError(Instant at, String operation, int status, String error) {
    }
}
