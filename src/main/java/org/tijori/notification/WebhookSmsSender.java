package org.tijori.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.MobileNumber;
import org.tijori.account.SmsNotSentException;
import org.tijori.account.SmsSender;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands each message to an SMS gateway by {@code POST}ing {@code {"to":"<10 digits>","text":"..."}} to
 * a webhook. Connection failures, time-outs, 5xx and 429 answers are tried again after a doubling
 * back-off; any other answer outside 2xx is final, since sending the same request again cannot change it.
 * <p>
 * The text never appears in a log line or an exception message: it usually holds a one-time password.
 */
class WebhookSmsSender implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSmsSender.class);

    private final URI url;

    private final Duration timeout;

    private final int attempts;

    private final Duration backoff;

    private final HttpClient http;

    private final JsonMapper json;

    private final ObjectWriter oneLine;

    WebhookSmsSender(SmsProperties.Webhook webhook, JsonMapper json) {
        if (webhook.url() == null) {
            throw new IllegalArgumentException("tijori.sms.webhook.url is needed to send SMS through a webhook");
        }
        this.url = webhook.url();
        this.timeout = webhook.timeout();
        this.attempts = webhook.attempts();
        this.backoff = webhook.backoff();
        this.json = json;
        this.oneLine = json.writer().without(SerializationFeature.INDENT_OUTPUT);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The webhook's scheme, host and port: its path or query may hold a gateway's secret. */
    String endpoint() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public void send(MobileNumber to, String text) {
        String body = oneLine.writeValueAsString(json.createObjectNode().put("to", to.value()).put("text", text));
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        Duration wait = backoff;
        for (int attempt = 1;; attempt++) {
            Failure failure = attempt(request);
            if (failure == null) {
                return;
            }
            log.warn("SMS to {} not accepted by {} (attempt {} of {}): {}", to.masked(), endpoint(), attempt,
                    attempts, failure.reason());
            if (!failure.retryable()) {
                throw new SmsNotSentException("The SMS webhook refused the message: " + failure.reason(),
                        failure.cause());
            }
            if (attempt >= attempts) {
                throw new SmsNotSentException("The SMS webhook failed " + attempts
                        + (attempts == 1 ? " time" : " times") + ", last: " + failure.reason(), failure.cause());
            }
            pause(wait, failure);
            wait = wait.multipliedBy(2);
        }
    }

    /** @return why the attempt failed, or {@code null} when the message was accepted */
    private Failure attempt(HttpRequest request) {
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return null;
            }
            return new Failure("answered HTTP " + status, status >= 500 || status == 429, null);
        }
        catch (HttpTimeoutException e) {
            return new Failure("no answer within " + timeout, true, e);
        }
        catch (IOException e) {
            return new Failure(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    true, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsNotSentException("Interrupted while sending an SMS through the webhook", e);
        }
    }

    private static void pause(Duration wait, Failure failure) {
        try {
            Thread.sleep(wait.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsNotSentException("Interrupted before trying the SMS webhook again, after it "
                    + failure.reason(), e);
        }
    }

    private record Failure(String reason, boolean retryable, Throwable cause) {
    }
}
