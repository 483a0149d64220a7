package org.tijori.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.SmsWebhookReceiver;
import org.tijori.account.MobileNumber;
import org.tijori.account.SmsNotSentException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SmsWebhookTests {

    static final MobileNumber MOBILE = new MobileNumber("9876543210");

    static final String TEXT = "Your Tijori code is 482913. It expires in 5 minutes.";

    static final JsonMapper json = JsonMapper.builder().build();

    final SmsWebhookReceiver receiver = SmsWebhookReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    static WebhookSmsSender sender(URI url, Duration timeout, int attempts, Duration backoff) {
        return new WebhookSmsSender(new SmsProperties.Webhook(url, timeout, attempts, backoff), json);
    }

    WebhookSmsSender sender(int attempts) {
        return sender(receiver.url(), Duration.ofSeconds(5), attempts, Duration.ofMillis(10));
    }

    static void assertKeepsTheTextSecret(SmsNotSentException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("482913").doesNotContain(TEXT);
        }
    }

    @Test
    void postsTheTenDigitsAndTheTextAsJson() {
        sender(3).send(MOBILE, TEXT);

        assertThat(receiver.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(json.readTree(request.body())).isEqualTo(
                    json.createObjectNode().put("to", "9876543210").put("text", TEXT));
        });
        assertThat(receiver.received()).singleElement().satisfies(sms -> {
            assertThat(sms.to()).isEqualTo("9876543210");
            assertThat(sms.text()).isEqualTo(TEXT);
        });
    }

    @Test
    void escapesQuotesNewlinesAndHindiInTheBody() {
        String text = "\"कोड\" है\n123456 \\ ठीक";

        sender(1).send(MOBILE, text);

        assertThat(receiver.received()).singleElement().extracting(SmsOutbox.Sms::text).isEqualTo(text);
    }

    @Test
    void sendsAfterAServerErrorOnTheNextAttempt() {
        receiver.failNext(1, 500);

        sender(3).send(MOBILE, TEXT);

        assertThat(receiver.requests()).extracting(SmsWebhookReceiver.Request::status).containsExactly(500, 202);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void triesAgainWhenToldToSlowDown() {
        receiver.failNext(2, 429);

        sender(3).send(MOBILE, TEXT);

        assertThat(receiver.requests()).extracting(SmsWebhookReceiver.Request::status)
                .containsExactly(429, 429, 202);
    }

    @Test
    void failsAtOnceOnAClientError() {
        receiver.failNext(1, 400);

        var e = catchThrowableOfType(SmsNotSentException.class, () -> sender(3).send(MOBILE, TEXT));

        assertThat(e).hasMessageContaining("400");
        assertKeepsTheTextSecret(e);
        assertThat(receiver.requests()).hasSize(1);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void givesUpAfterTheLastAttemptWaitingLongerEachTime() {
        receiver.failNext(10, 503);
        var sender = sender(receiver.url(), Duration.ofSeconds(5), 3, Duration.ofMillis(150));

        long started = System.nanoTime();
        var e = catchThrowableOfType(SmsNotSentException.class, () -> sender.send(MOBILE, TEXT));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(e).hasMessageContaining("503").hasMessageContaining("3 times");
        assertKeepsTheTextSecret(e);
        assertThat(receiver.requests()).hasSize(3);
        // 150 ms before the second attempt, 300 ms before the third.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void givesUpOnAServerThatNeverAnswers() throws IOException {
        var requests = new AtomicInteger();
        ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "silent-sms-webhook");
            thread.setDaemon(true);
            return thread;
        });
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.createContext("/", exchange -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(30_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.setExecutor(handlers);
        silent.start();
        try {
            Duration timeout = Duration.ofMillis(400);
            var sender = sender(URI.create("http://127.0.0.1:" + silent.getAddress().getPort() + "/sms"), timeout,
                    2, Duration.ofMillis(10));

            long started = System.nanoTime();
            var e = catchThrowableOfType(SmsNotSentException.class, () -> sender.send(MOBILE, TEXT));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(e).hasMessageContaining("no answer within");
            assertKeepsTheTextSecret(e);
            assertThat(requests).hasValue(2);
            assertThat(took).isBetween(timeout.multipliedBy(2), timeout.multipliedBy(2).plusSeconds(2));
        }
        finally {
            silent.stop(0);
            handlers.shutdownNow();
        }
    }

    @Test
    void triesAgainWhenNothingListens() throws IOException {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var sender = sender(URI.create("http://127.0.0.1:" + port + "/sms"), Duration.ofSeconds(2), 2,
                Duration.ofMillis(10));

        var e = catchThrowableOfType(SmsNotSentException.class, () -> sender.send(MOBILE, TEXT));

        assertThat(e).hasMessageContaining("2 times").hasMessageContaining("ConnectException");
        assertThat(e.getCause()).isInstanceOf(IOException.class);
        assertKeepsTheTextSecret(e);
    }

    @Test
    void receiverHandsOverTheCodeOfANewMessage() {
        var sender = sender(1);
        sender.send(MOBILE, "Your Tijori code is 111111");

        Thread later = new Thread(() -> {
            sleep(Duration.ofMillis(300));
            sender.send(MOBILE, "Your Tijori code is 222222");
        });
        later.start();

        assertThat(receiver.awaitOtpFor("9876543210", Duration.ofSeconds(5))).isEqualTo("222222");
        assertThatThrownBy(() -> receiver.awaitOtpFor("9876543210", Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
