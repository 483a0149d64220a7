package org.tijori.notification;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.tijori.account.MobileNumber;
import org.tijori.account.SmsSender;

/**
 * Counts every SMS the chosen provider sent or failed to send, as {@code tijori.sms.messages} with the
 * tags {@code provider} (log or webhook) and {@code outcome} (sent or failed), so that one-time passwords
 * that never leave raise an alert (deploy/prometheus/tijori-rules.yml) before residents complain.
 */
class CountedSmsSender implements SmsSender {

    private final SmsSender delegate;

    private final Counter sent;

    private final Counter failed;

    CountedSmsSender(SmsSender delegate, SmsProperties.Provider provider, MeterRegistry meters) {
        this.delegate = delegate;
        String name = provider.name().toLowerCase(Locale.ROOT);
        this.sent = counter(meters, name, "sent");
        this.failed = counter(meters, name, "failed");
    }

    private static Counter counter(MeterRegistry meters, String provider, String outcome) {
        return Counter.builder("tijori.sms.messages")
                .description("Text messages (one-time passwords among them) the SMS provider sent or failed to send")
                .tag("provider", provider).tag("outcome", outcome).register(meters);
    }

    /** The provider that sends; the counts are this class's only business. */
    SmsSender delegate() {
        return delegate;
    }

    /** Counts a failure of any kind (an {@code SmsNotSentException} or worse) and passes it on. */
    @Override
    public void send(MobileNumber to, String text) {
        try {
            delegate.send(to, text);
        }
        catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
        sent.increment();
    }
}
