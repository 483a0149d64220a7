package org.tijori.notification;

import jakarta.mail.internet.MimeMessage;

/** Hands one composed message on: to an SMTP server, or to the log and a file. */
interface MailTransport {

    /**
     * Delivers the message, or throws when it was not (the outbox tries again later).
     *
     * @throws Exception anything that kept the message from being delivered
     */
    void deliver(OutgoingMail mail, MimeMessage message) throws Exception;
}
