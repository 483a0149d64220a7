package org.tijori.notification;

import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSender;

/** Sends through the SMTP server of {@code spring.mail.*}. */
class SmtpMailTransport implements MailTransport {

    private final JavaMailSender sender;

    SmtpMailTransport(JavaMailSender sender) {
        this.sender = sender;
    }

    @Override
    public void deliver(OutgoingMail mail, MimeMessage message) {
        sender.send(message);
    }
}
