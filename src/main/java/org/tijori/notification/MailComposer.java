package org.tijori.notification;

import java.time.Clock;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Turns a stored message into an RFC 5322 message: {@code From}, {@code To}, {@code Subject} (RFC 2047 encoded
 * when it is not ASCII), {@code Date} and a {@code Message-ID} made from the message's ID, so that every
 * attempt at the same message carries the same one; the body is {@code multipart/alternative} with a
 * {@code text/plain} and a {@code text/html} part, or {@code text/plain} alone, both in UTF-8.
 */
class MailComposer {

    private static final String UTF_8 = "UTF-8";

    private final InternetAddress from;

    private final String idDomain;

    private final Clock clock;

    private final Session session = Session.getInstance(new Properties());

    MailComposer(InternetAddress from, Clock clock) {
        this.from = from;
        String address = from.getAddress();
        this.idDomain = address.substring(address.lastIndexOf('@') + 1);
        this.clock = clock;
    }

    MimeMessage compose(OutgoingMail mail) throws MessagingException {
        var message = new FixedIdMessage(session, "<" + mail.id() + "@" + idDomain + ">");
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), UTF_8);
        message.setSentDate(Date.from(clock.instant()));
        if (mail.html() == null) {
            message.setText(mail.text(), UTF_8, "plain");
        }
        else {
            var text = new MimeBodyPart();
            text.setText(mail.text(), UTF_8, "plain");
            var html = new MimeBodyPart();
            html.setText(mail.html(), UTF_8, "html");
            message.setContent(new MimeMultipart("alternative", text, html));
        }
        message.saveChanges();
        return message;
    }

    /** Keeps the {@code Message-ID} it was given instead of making up a new one at each save. */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
