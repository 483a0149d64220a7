package org.tijori.audit.web;

import java.time.Instant;
import java.util.Map;

/**
 * One line of a resident's activity, as pages, the CSV and the API show it.
 *
 * @param sequence the entry's place in the chain; 0 while it is being recorded
 * @param occurredAt when it happened
 * @param action the action code, {@code <module>.<EventName>}
 * @param kind the kind it is filtered by ({@code uploads}, ...), or null
 * @param label what happened, in the reader's language
 * @param summary what it happened to (a document's name, a URI, the last digits of a national ID)
 * @param by who did it, in the reader's language
 * @param byYou whether the resident did it, signed in
 * @param ip the address it came from, shown only for the resident's own actions and those done
 *           without sign-in (a password reset), never for an issuer's or administrator's
 * @param details the details a resident may see
 */
public record ActivityItem(long sequence, Instant occurredAt, String action, String kind, String label,
        String summary, String by, boolean byYou, String ip, Map<String, String> details) {
}
