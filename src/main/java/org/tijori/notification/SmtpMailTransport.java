package org.tijori.notification;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends through the SMTP server of {@code spring.mail.*}, a batch over one connection: opening a connection
 * for each message would cost the server a greeting and a goodbye each time.
 */
class SmtpMailTransport implements MailTransport {

    private final JavaMailSender sender;

    SmtpMailTransport(JavaMailSender sender) {
        this.sender = sender;
    }

    @Override
    public Map<UUID, Exception> deliver(List<Composed> batch) {
        Map<MimeMessage, UUID> ids = new IdentityHashMap<>();
        batch.forEach(composed -> ids.put(composed.message(), composed.mail().id()));
        try {
            sender.send(batch.stream().map(Composed::message).toArray(MimeMessage[]::new));
            return Map.of();
        }
        catch (MailSendException e) {
            // The messages the server refused, or all of them when it could not be reached.
            Map<UUID, Exception> failures = new LinkedHashMap<>();
            e.getFailedMessages().forEach((message, failure) -> {
                UUID id = ids.get(message);
                if (id != null) {
                    failures.put(id, failure);
                }
            });
            if (failures.isEmpty()) {
                throw e;
            }
            return failures;
        }
    }
}
