package org.tijori;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in SMS gateway for the {@code webhook} provider: accepts {@code POST}s of
 * {@code {"to","text"}} on {@code 127.0.0.1} and keeps them, so tests can read one-time passwords.
 * It can be told to answer errors to the next requests.
 */
public final class SmsWebhookReceiver implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;

    private final ExecutorService handlers;

    private final List<Request> requests = new ArrayList<>();

    private final List<SmsOutbox.Sms> received = new ArrayList<>();

    private final AtomicInteger failuresLeft = new AtomicInteger();

    private volatile int failureStatus = 500;

    private volatile Duration delay = Duration.ZERO;

    private SmsWebhookReceiver(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /** Starts a receiver on a free port. */
    public static SmsWebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "sms-webhook-receiver");
                thread.setDaemon(true);
                return thread;
            });
            var receiver = new SmsWebhookReceiver(server, handlers);
            server.createContext("/", receiver::handle);
            server.setExecutor(handlers);
            server.start();
            return receiver;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where to post messages: the value for {@code tijori.sms.webhook.url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
    }

    /** Answers the next {@code count} requests with {@code status} instead of accepting them. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** Answers each request only after {@code delay}, as a gateway far away would. */
    public void delayEach(Duration delay) {
        this.delay = delay;
    }

    /** The messages accepted so far, oldest first, with the time they arrived as {@code at}. */
    public synchronized List<SmsOutbox.Sms> received() {
        return List.copyOf(received);
    }

    /** Every request so far, refused ones included, oldest first. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * Waits for a message holding a code to arrive for that mobile number after this call starts, and
     * returns the code.
     *
     * @throws AssertionError when none arrives within {@code timeout}
     */
    public String awaitOtpFor(String mobile, Duration timeout) {
        return SmsOutbox.awaitNewOtp(mobile, timeout,
                () -> received().stream().filter(sms -> sms.to().equals(mobile)).toList(), "the SMS webhook");
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Thread.sleep(delay.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            int status = answer(exchange.getRequestMethod(), body);
            synchronized (this) {
                requests.add(new Request(exchange.getRequestMethod(), contentType, body, status));
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private int answer(String method, String body) {
        if (!"POST".equals(method)) {
            return 405;
        }
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            return failureStatus;
        }
        JsonNode message;
        try {
            message = json.readTree(body);
        }
        catch (RuntimeException e) {
            return 400;
        }
        if (message == null || !message.path("to").isString() || !message.path("text").isString()) {
            return 400;
        }
        synchronized (this) {
            received.add(new SmsOutbox.Sms(Instant.now(), message.get("to").asString(),
                    message.get("text").asString()));
        }
        return 202;
    }

    /**
     * One request as it arrived.
     *
     * @param method the HTTP method
     * @param contentType its {@code Content-Type} header, or {@code null}
     * @param body its body as UTF-8 text
     * @param status what the receiver answered
     */
    public record Request(String method, String contentType, String body, int status) {
    }
}
