package org.tijori.notification;

/**
 * Sends e-mail for the other modules, reliably and without making anyone wait.
 * <p>
 * {@link #send(MailMessage)} must be called inside the caller's transaction: the message is stored in the
 * outbox table in that transaction and delivered only after it commits. Nothing is sent when the caller
 * rolls back, and nothing is lost on a crash: a stored message is delivered later, by this node or another.
 * The request that sends never talks to the mail server, so a slow or failing server cannot slow it or
 * break it; delivery is tried again with a growing back-off, and given up (and logged) after
 * {@code tijori.mail.max-attempts} attempts. Delivery is at least once: a node that dies between handing a
 * message to the server and recording it may leave it to be sent again (with the same {@code Message-ID}).
 * <p>
 * With {@code spring.mail.host} set, messages go to that SMTP server from {@code tijori.mail.from}; without
 * it, each is written to the log and to {@code data-dir/mail-outbox/} as an {@code .eml} file.
 */
public interface MailOutbox {

    /**
     * Stores the message for delivery after the caller's transaction commits.
     *
     * @throws IllegalStateException when called outside a transaction
     */
    void send(MailMessage message);
}
