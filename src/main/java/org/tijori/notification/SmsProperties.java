package org.tijori.notification;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How text messages are sent.
 *
 * @param provider {@code log} (the application log and {@code data-dir/sms-outbox.log}, one JSON object
 *                 a line) or {@code webhook}
 * @param webhook the HTTP endpoint, for {@code provider=webhook}
 */
@Validated
@ConfigurationProperties("tijori.sms")
record SmsProperties(
        @NotNull @DefaultValue("log") Provider provider,
        @Valid @NotNull @DefaultValue Webhook webhook) {

    enum Provider {
        LOG, WEBHOOK
    }

    @AssertTrue(message = "tijori.sms.provider=webhook needs tijori.sms.webhook.url")
    public boolean isWebhookUrlSetWhenNeeded() {
        return provider != Provider.WEBHOOK || webhook == null || webhook.url() != null;
    }

    /**
     * Each message is {@code POST}ed as {@code {"to": "<10-digit mobile>", "text": "<message>"}}; any 2xx
     * answer means sent.
     *
     * @param url where messages are posted
     * @param timeout how long one attempt may take to connect, and then to be answered
     * @param attempts how many times a message is tried when the endpoint fails, answers 5xx or 429
     * @param backoff the wait before the second attempt, doubled before each later one
     */
    record Webhook(
            URI url,
            @NotNull @DefaultValue("5s") Duration timeout,
            @Min(1) @Max(10) @DefaultValue("3") int attempts,
            @NotNull @DefaultValue("500ms") Duration backoff) {

        @AssertTrue(message = "tijori.sms.webhook.url must be an absolute http or https URL")
        public boolean isUrlHttp() {
            return url == null || (url.getHost() != null
                    && ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())));
        }

        @AssertTrue(message = "tijori.sms.webhook.timeout must be positive and tijori.sms.webhook.backoff not negative")
        public boolean isTimingSensible() {
            return timeout == null || backoff == null
                    || (!timeout.isNegative() && !timeout.isZero() && !backoff.isNegative());
        }
    }
}
