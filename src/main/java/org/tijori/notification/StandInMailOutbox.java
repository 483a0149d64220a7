package org.tijori.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/** Stand-in until the mail branch lands: logs each message. */
@Component
class StandInMailOutbox implements MailOutbox {

    private static final Logger log = LoggerFactory.getLogger(StandInMailOutbox.class);

    @Override
    public void send(MailMessage message) {
        log.info("Mail to {}: {}\n{}", message.to(), message.subject(), message.text());
    }
}
