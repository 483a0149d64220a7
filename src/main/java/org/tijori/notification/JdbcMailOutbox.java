package org.tijori.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores each message in {@code notification_mail_outbox} in the caller's transaction and, once that commits,
 * wakes this node's dispatcher so that the message goes out at once instead of at the next poll.
 */
class JdbcMailOutbox implements MailOutbox {

    private final JdbcClient jdbc;

    private final MailDispatcher dispatcher;

    private final Clock clock;

    JdbcMailOutbox(JdbcClient jdbc, MailDispatcher dispatcher, Clock clock) {
        this.jdbc = jdbc;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @Override
    public void send(MailMessage message) {
        if (message == null) {
            throw new IllegalArgumentException("No message to send");
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            // Outside a transaction the row would be visible, and sent, before the caller's own work committed.
            throw new IllegalStateException("MailOutbox.send must be called inside the caller's transaction");
        }
        OffsetDateTime now = utc(clock.instant());
        jdbc.sql("""
                insert into notification_mail_outbox (id, recipient, subject, text_body, html_body, created_at,
                                                      next_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), message.to().value(), message.subject(), message.text(), message.html(),
                        now, now)
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                dispatcher.wake();
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
