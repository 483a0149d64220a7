package org.tijori.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the activity trail.
 *
 * @param sequence the position in the chain, from 1 without gaps; 0 for an entry recorded but not chained yet
 * @param occurredAt when the action happened, UTC, to the microsecond
 * @param actor who did it
 * @param action what happened, {@code <module>.<EventName>}
 * @param subject what it happened to (a document URI or ID, an account, a username), may be null
 * @param ip the client address of the request, may be null
 * @param userAgent the client's user agent, may be null
 * @param details the event's other fields as a JSON object
 */
public record AuditEntry(long sequence, Instant occurredAt, Actor actor, String action, String subject,
        String ip, String userAgent, String details) {

    /** The details as a map, in the order they were recorded; empty if they cannot be read. */
    public Map<String, String> fields() {
        return Json.parseObject(details);
    }
}
