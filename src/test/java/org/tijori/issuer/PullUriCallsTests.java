package org.tijori.issuer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.issuer.pull.HostResolver;
import org.tijori.issuer.pull.PullAddresses;
import org.tijori.issuer.pull.PullAddresses.AddressRefusedException;
import org.tijori.issuer.pull.PullUriCalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The calls themselves, against a real HTTP server on this machine: an address written as a literal is
 * checked at connection as a name is, and a redirect is answered, never followed.
 */
class PullUriCallsTests {

    HttpServer server;

    final AtomicInteger pulls = new AtomicInteger();

    final AtomicInteger redirected = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.createContext("/pull", exchange -> {
            pulls.incrementAndGet();
            exchange.getResponseHeaders().set("Location", "http://127.0.0.2:" + server.getAddress().getPort()
                    + "/inside");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/inside", exchange -> {
            redirected.incrementAndGet();
            byte[] body = "<PullURIResponse/>".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/refuse", exchange -> {
            exchange.getRequestBody().readAllBytes();
            // A refusal with a long body, as a busy issuer's error page may be: it is still arriving when it is
            // left unread.
            byte[] body = new byte[1 << 20];
            exchange.sendResponseHeaders(401, body.length);
            try {
                exchange.getResponseBody().write(body);
            }
            catch (java.io.IOException e) {
                // The caller stopped reading, as it should.
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void checksALiteralAddressAtEveryConnection() {
        PullUriCalls calls = calls(List.of());
        try {
            assertThatThrownBy(() -> calls.post(URI.create("http://127.0.0.2:" + server.getAddress().getPort()
                    + "/pull"), new byte[0], "AAAA")).isInstanceOf(AddressRefusedException.class)
                    .hasMessageContaining("127.0.0.2 is a loopback address");
            assertThat(pulls).hasValue(0);
        }
        finally {
            destroy(calls);
        }
    }

    @Test
    void answersARedirectWithoutFollowingIt() throws Exception {
        PullUriCalls calls = calls(List.of("127.0.0.2/32"));
        try {
            PullUriCalls.Answer answer = calls.post(URI.create("http://127.0.0.2:" + server.getAddress().getPort()
                    + "/pull"), new byte[0], "AAAA");
            assertThat(answer.status()).isEqualTo(302);
            assertThat(pulls).hasValue(1);
            assertThat(redirected).hasValue(0);
        }
        finally {
            destroy(calls);
        }
    }

    @Test
    void answersARefusalEveryTimeThoughItsBodyIsLeftUnread() throws Exception {
        PullUriCalls calls = calls(List.of("127.0.0.2/32"));
        try {
            for (int i = 0; i < 20; i++) {
                PullUriCalls.Answer answer = calls.post(URI.create("http://127.0.0.2:" + server.getAddress().getPort()
                        + "/refuse"), "<PullURIRequest/>".getBytes(StandardCharsets.US_ASCII), "AAAA");
                assertThat(answer.status()).isEqualTo(401);
                assertThat(answer.body()).isEmpty();
            }
        }
        finally {
            destroy(calls);
        }
    }

    private static PullUriCalls calls(List<String> trusted) {
        HostResolver system = host -> List.of(InetAddress.getAllByName(host));
        IssuerProperties properties = PullAddressesTests.properties(true, trusted);
        return new PullUriCalls(new PullAddresses(system, properties), properties);
    }

    private static void destroy(PullUriCalls calls) {
        try {
            calls.destroy();
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
