package org.tijori.notification;

import org.tijori.account.EmailAddress;
import org.tijori.account.EmailSender;

import org.springframework.stereotype.Component;

/**
 * The account module's e-mail (codes that prove an address), through the outbox: stored in the caller's
 * transaction, delivered once it commits.
 */
@Component
class OutboxEmailSender implements EmailSender {

    private final MailOutbox outbox;

    OutboxEmailSender(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void send(EmailAddress to, String subject, String text) {
        outbox.send(new MailMessage(new MailAddress(to.value()), subject, text));
    }
}
