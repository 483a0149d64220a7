package org.tijori.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * A message of the outbox as the dispatcher claimed it.
 *
 * @param attempts how many attempts were started, this one included
 */
record OutgoingMail(UUID id, String to, String subject, String text, String html, Instant createdAt,
        int attempts) {
}
