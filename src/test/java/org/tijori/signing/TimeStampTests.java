package org.tijori.signing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tijori's own time-stamp authority, checked by openssl, and an external one over HTTP, whose tokens are taken
 * only when they answer exactly what was asked.
 */
class TimeStampTests {

    @TempDir
    static Path directory;

    static EsignFixture fixture;

    HttpServer server;

    @BeforeAll
    static void fixture() {
        fixture = new EsignFixture(directory);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void opensslVerifiesTheOwnAuthoritysTokenAgainstItsCertificateAndTheCa() throws Exception {
        EsignFixture.assumeTool("openssl");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("a signature value".getBytes());

        TimeStampToken token = fixture.tsa.stamp(digest);

        Path tst = Files.write(directory.resolve("own.tst"), token.getEncoded());
        Path tsa = Files.writeString(directory.resolve("tsa.pem"), Certificates.toPem(fixture.tsa.credential()
                .certificate()));
        var verified = EsignFixture.run("openssl", "ts", "-verify", "-token_in", "-in", tst.toString(), "-digest",
                HexFormat.of().formatHex(digest), "-CAfile", fixture.caPem().toString(), "-untrusted", tsa.toString());
        assertThat(verified.output()).contains("Verification: OK");
        var tsaCertificate = fixture.tsa.credential().certificate();
        assertThat(tsaCertificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(tsaCertificate.getCriticalExtensionOIDs()).contains("2.5.29.37");
    }

    @Test
    void takesAnExternalAuthoritysTokenThatAnswersTheRequest() {
        URI url = serve(request -> fixture.tsa.respond(request).getEncoded());
        byte[] digest = sha256("external");

        TimeStampToken token = new RemoteTimeStampAuthority(url, Duration.ofSeconds(5), 64 * 1024,
                Clock.systemUTC()).stamp(digest);

        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
    }

    @Test
    void refusesAnExternalTokenForAnotherImprint() {
        URI url = serve(request -> respondFor(sha256("something else"), request));

        assertThatThrownBy(() -> new RemoteTimeStampAuthority(url, Duration.ofSeconds(5), 64 * 1024,
                Clock.systemUTC()).stamp(sha256("what we sent")))
                .isInstanceOf(TimeStampUnavailableException.class);
    }

    @Test
    void refusesAnExternalAnswerTooLargeTooSlowOrNotAToken() {
        URI large = serve(request -> new byte[200 * 1024]);
        assertThatThrownBy(() -> new RemoteTimeStampAuthority(large, Duration.ofSeconds(5), 64 * 1024,
                Clock.systemUTC()).stamp(sha256("x"))).isInstanceOf(TimeStampUnavailableException.class)
                .hasMessageContaining("more than");
        stop();

        URI slow = serve(request -> {
            try {
                Thread.sleep(3_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return fixture.tsa.respond(request).getEncoded();
        });
        long started = System.nanoTime();
        assertThatThrownBy(() -> new RemoteTimeStampAuthority(slow, Duration.ofMillis(500), 64 * 1024,
                Clock.systemUTC()).stamp(sha256("x"))).isInstanceOf(TimeStampUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        stop();

        URI trickle = serveStalling();
        long trickleStarted = System.nanoTime();
        assertThatThrownBy(() -> new RemoteTimeStampAuthority(trickle, Duration.ofMillis(500), 64 * 1024,
                Clock.systemUTC()).stamp(sha256("x"))).isInstanceOf(TimeStampUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - trickleStarted)).as("a body that never ends")
                .isLessThan(Duration.ofSeconds(2));
        stop();

        URI garbage = serve(request -> "not a time-stamp response".getBytes());
        assertThatThrownBy(() -> new RemoteTimeStampAuthority(garbage, Duration.ofSeconds(5), 64 * 1024,
                Clock.systemUTC()).stamp(sha256("x"))).isInstanceOf(TimeStampUnavailableException.class);
    }

    private static byte[] respondFor(byte[] otherDigest, TimeStampRequest asked) throws IOException {
        var generator = new org.bouncycastle.tsp.TimeStampRequestGenerator();
        generator.setCertReq(true);
        return fixture.tsa.respond(generator.generate(org.bouncycastle.tsp.TSPAlgorithms.SHA256, otherDigest,
                asked.getNonce())).getEncoded();
    }

    private interface Answer {
        byte[] to(TimeStampRequest request) throws IOException;
    }

    private URI serve(Answer answer) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/tsa", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = answer.to(new TimeStampRequest(in.readAllBytes()));
                }
                catch (IOException | RuntimeException e) {
                    exchange.sendResponseHeaders(500, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Answers headers at once and then a body that stops after a few bytes, for five seconds. */
    private URI serveStalling() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/tsa", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    in.readAllBytes();
                }
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, 1000);
                exchange.getResponseBody().write(new byte[] { 0x30, (byte) 0x82 });
                exchange.getResponseBody().flush();
                try {
                    Thread.sleep(5_000);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes());
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
