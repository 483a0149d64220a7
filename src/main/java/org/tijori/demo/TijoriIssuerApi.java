package org.tijori.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tijori's public HTTP API as an issuer's system calls it (API.md 4.1 and 4.2): registration, an
 * administrator's approval with the bootstrap token, and pushes proven by {@code x-digilocker-hmac}.
 */
final class TijoriIssuerApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String base;

    private final String bootstrapToken;

    /** @param base where Tijori answers, such as {@code http://localhost:8080}, without a trailing slash */
    TijoriIssuerApi(String base, String bootstrapToken) {
        this.base = base;
        this.bootstrapToken = bootstrapToken;
    }

    String base() {
        return base;
    }

    HttpResponse<String> register(String json) {
        return send(request("/api/v1/issuers/registrations").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** An administrator's call on an issuer: {@code approve}, {@code credentials} or {@code certificates}. */
    HttpResponse<String> administer(String issuerId, String action, String json) {
        return send(request("/api/v1/admin/issuers/" + issuerId + "/" + action)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bootstrapToken)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> push(byte[] body, DemoIssuerCredentials credentials) {
        return send(request("/public/issuer/issuedoc/1/xml").header("Content-Type", "application/xml")
                .header("x-digilocker-hmac", Base64.getEncoder().encodeToString(hmac(body, credentials.clientSecret())))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** HMAC-SHA256 of a request body, keyed with the client secret (push) or the API key (Pull URI). */
    static byte[] hmac(byte[] body, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HMAC-SHA256", e);
        }
    }

    /** DigiLocker's {@code keyhash}: hex SHA-256 of the API key followed by {@code ts}. */
    static String keyhash(String apiKey, String ts) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((apiKey + ts).getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new IllegalStateException("The demo issuer cannot reach Tijori at " + base + ": " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling Tijori", e);
        }
    }
}
