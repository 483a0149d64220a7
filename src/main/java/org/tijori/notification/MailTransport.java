package org.tijori.notification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

/** Hands composed messages on: to an SMTP server, or to the log and files. */
interface MailTransport {

    /**
     * Delivers the messages, in order.
     *
     * @return why each message that was not delivered was not, by its ID; empty when all were
     * @throws RuntimeException when none of them was delivered
     */
    Map<UUID, Exception> deliver(List<Composed> batch);

    /** A stored message and the RFC 5322 message made of it. */
    record Composed(OutgoingMail mail, MimeMessage message) {
    }
}
