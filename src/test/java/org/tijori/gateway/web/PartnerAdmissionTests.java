package org.tijori.gateway.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.gateway.StoredTokens;
import org.tijori.gateway.StoredTokens.Grant;
import org.tijori.gateway.token.AccessTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.tijori.gateway.web.DiscoveryTests.assertDigiLockerError;

/**
 * Attacks on the partner API's limits, against the running server (ADR 23, ADR 17's order): an address guessing
 * tokens is turned away unread once its failures are spent, one address or one requester cannot flood a node, and
 * a body too large for its operation is refused before anything reads it, or its token is looked at. The test's
 * own address is a trusted proxy, so each test presents client addresses of its own in {@code X-Forwarded-For}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.web.trusted-proxies=127.0.0.1, ::1", "tijori.gateway.failures-per-address=3",
        "tijori.gateway.requests-per-address=12", "tijori.gateway.requests-per-client=4",
        "tijori.gateway.max-token-request=1KB", "tijori.gateway.max-form-request=2KB",
        "tijori.locker.max-upload-size=1MB" })
class PartnerAdmissionTests {

    private static final AtomicInteger addresses = new AtomicInteger(1);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @MockitoSpyBean
    AccessTokens accessTokens;

    /** A client address no other test uses. */
    static String newAddress() {
        int n = addresses.getAndIncrement();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    @Test
    void anAddressGuessingTokensIsTurnedAwayUnreadOnceItsFailuresAreSpent() throws Exception {
        var http = new WebClient(port);
        String guesser = newAddress();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> guess = http.get("/public/oauth2/1/user", "X-Forwarded-For", guesser,
                    "Authorization", "Bearer " + StoredTokens.randomToken());
            assertThat(guess.statusCode()).isEqualTo(401);
        }

        HttpResponse<String> spent = http.get("/public/oauth2/1/user", "X-Forwarded-For", guesser,
                "Authorization", "Bearer " + StoredTokens.randomToken());
        assertThat(spent.statusCode()).isEqualTo(429);
        assertDigiLockerError(spent, "too_many_requests");
        assertThat(spent.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));

        var tokens = new StoredTokens(jdbc);
        Grant genuine = tokens.grant(tokens.approvedRequester(), "userdetails");
        clearInvocations(accessTokens);
        HttpResponse<String> evenAGoodToken = http.get("/public/oauth2/1/user", "X-Forwarded-For", guesser,
                "Authorization", "Bearer " + genuine.token());
        assertThat(evenAGoodToken.statusCode()).isEqualTo(429);
        verify(accessTokens, never()).introspect(anyString());

        HttpResponse<String> elsewhere = http.get("/public/oauth2/1/user", "X-Forwarded-For", newAddress(),
                "Authorization", "Bearer " + genuine.token());
        assertThat(elsewhere.statusCode()).as("another address is not held back").isNotIn(401, 429);
    }

    @Test
    void oneAddressCannotSendMoreThanItsRequestsAMinute() throws Exception {
        var http = new WebClient(port);
        String busy = newAddress();
        for (int i = 0; i < 12; i++) {
            assertThat(http.get("/public/.well-known/openid-configuration", "X-Forwarded-For", busy).statusCode())
                    .isEqualTo(200);
        }

        HttpResponse<String> flooded = http.get("/public/.well-known/openid-configuration", "X-Forwarded-For", busy);

        assertThat(flooded.statusCode()).isEqualTo(429);
        assertDigiLockerError(flooded, "too_many_requests");
        assertThat(http.get("/public/.well-known/openid-configuration", "X-Forwarded-For", newAddress())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void oneRequesterCannotStarveTheOthers() throws Exception {
        var http = new WebClient(port);
        var tokens = new StoredTokens(jdbc);
        Grant busy = tokens.grant(tokens.approvedRequester(), "userdetails");
        Grant other = tokens.grant(tokens.approvedRequester(), "userdetails");
        for (int i = 0; i < 4; i++) {
            // A new address each time: only the requester's own bucket is being spent.
            assertThat(http.get("/public/oauth2/1/user", "X-Forwarded-For", newAddress(), "Authorization",
                    "Bearer " + busy.token()).statusCode()).isNotIn(401, 429);
        }

        HttpResponse<String> flooded = http.get("/public/oauth2/1/user", "X-Forwarded-For", newAddress(),
                "Authorization", "Bearer " + busy.token());
        HttpResponse<String> unaffected = http.get("/public/oauth2/1/user", "X-Forwarded-For", newAddress(),
                "Authorization", "Bearer " + other.token());

        assertThat(flooded.statusCode()).isEqualTo(429);
        assertDigiLockerError(flooded, "too_many_requests");
        assertThat(flooded.headers().firstValue("Retry-After")).isPresent();
        assertThat(unaffected.statusCode()).isNotIn(401, 429);
    }

    @Test
    void aBodyLargerThanItsOperationTakesIsRefusedUnread() throws Exception {
        var http = new WebClient(port);
        byte[] threeKilobytes = ("a=" + "x".repeat(3 * 1024)).getBytes(StandardCharsets.US_ASCII);
        byte[] overAKilobyte = ("a=" + "x".repeat(1100)).getBytes(StandardCharsets.US_ASCII);

        HttpResponse<String> form = http.post("/public/statistics/1/counts", "application/x-www-form-urlencoded",
                threeKilobytes, "X-Forwarded-For", newAddress());
        HttpResponse<String> token = http.post("/public/oauth2/1/token", "application/x-www-form-urlencoded",
                overAKilobyte, "X-Forwarded-For", newAddress());

        assertThat(form.statusCode()).isEqualTo(413);
        assertDigiLockerError(form, "request_too_large");
        assertThat(token.statusCode()).as("a token request is held to 1 KB, before the endpoint is asked")
                .isEqualTo(413);
        assertDigiLockerError(token, "request_too_large");
    }

    @Test
    void aChunkedBodyIsReadOnlyToItsLimit() throws Exception {
        HttpResponse<String> tooLarge = chunked("/public/statistics/1/counts",
                ("a=" + "x".repeat(3 * 1024)).getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> small = chunked("/public/statistics/1/counts",
                "clientid=x&ts=1&hmac=y".getBytes(StandardCharsets.US_ASCII));

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertDigiLockerError(tooLarge, "request_too_large");
        assertThat(small.statusCode()).as("a small chunked form is handed on").isNotIn(411, 413, 429);
    }

    @Test
    void anUploadMustDeclareASizeTheLockerTakesBeforeItsTokenIsLookedAt() throws Exception {
        var http = new WebClient(port);
        clearInvocations(accessTokens);

        HttpResponse<String> undeclared = chunked("/public/oauth2/1/file/upload", new byte[] { 1, 2, 3 },
                "Authorization", "Bearer " + StoredTokens.randomToken());
        HttpResponse<String> tooLarge = http.post("/public/oauth2/1/file/upload", "application/pdf",
                new byte[1024 * 1024 + 1], "X-Forwarded-For", newAddress(), "Authorization",
                "Bearer " + StoredTokens.randomToken());

        assertThat(undeclared.statusCode()).isEqualTo(411);
        assertDigiLockerError(undeclared, "length_required");
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertDigiLockerError(tooLarge, "invalid_filesize");
        assertThat(tooLarge.body()).contains("1MB");
        verify(accessTokens, never()).introspect(anyString());
    }

    private HttpResponse<String> chunked(String path, byte[] body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", newAddress())
                // A publisher of unknown length: the client sends the body in chunks, without Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
