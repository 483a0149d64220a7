package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.tijori.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A requester as the tests play it: it registers over HTTP as a bank's developer would, and an administrator
 * approves it with the bootstrap token; it keeps the credentials the approval answered. Each registration comes
 * from an address of its own ({@code X-Forwarded-For}, for an application that trusts the test client as a proxy),
 * so that no test spends another's registrations per address.
 */
public final class TestRequester {

    private static final AtomicInteger registrations = new AtomicInteger(1);

    public final String name;

    public final List<String> redirectUris;

    public String id;

    public String clientId;

    public String clientSecret;

    private TestRequester(String name, List<String> redirectUris) {
        this.name = name;
        this.redirectUris = List.copyOf(redirectUris);
    }

    /** A new requester's registration, not sent yet. */
    public static TestRequester named(String name) {
        int n = registrations.getAndIncrement();
        return new TestRequester(name + " " + n, List.of("https://bank" + n + ".example.in/callback",
                "http://127.0.0.1:8" + (n % 1000) + "/callback"));
    }

    /** An address no other registration of the tests uses. */
    public static String newAddress() {
        int n = registrations.getAndIncrement();
        return "203.0." + (n / 250 % 250) + "." + (n % 250 + 1);
    }

    public String registrationJson() {
        return """
                {"name":%s,"organisation":"Test Bank Ltd","contactEmail":"it@bank.example.in",
                 "redirectUris":%s,"purpose":"Opening savings accounts"}"""
                .formatted(quoted(name), redirectUris.stream().map(TestRequester::quoted)
                        .collect(Collectors.joining(",", "[", "]")));
    }

    /** Registers by the JSON API; fails the test if it is refused. */
    public TestRequester register(WebClient http) throws Exception {
        HttpResponse<String> registered = http.postJson("/api/v1/requesters/registrations", registrationJson(),
                "X-Forwarded-For", newAddress());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
        id = (String) JSONObjectUtils.parse(registered.body()).get("registrationId");
        return this;
    }

    /** Has the bootstrap token approve it as {@code kind} ({@code WEB} or {@code DEVICE}), taking the credentials. */
    public TestRequester approve(WebClient http, String bootstrapToken, String kind) throws Exception {
        HttpResponse<String> approved = http.postJson("/api/v1/admin/requesters/" + id + "/approve",
                "{\"kind\":\"" + kind + "\"}", "Authorization", "Bearer " + bootstrapToken);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        Map<String, Object> credentials = JSONObjectUtils.parse(approved.body());
        clientId = (String) credentials.get("clientId");
        clientSecret = (String) credentials.get("clientSecret");
        return this;
    }

    /** Registers and is approved as a web application. */
    public static TestRequester approved(WebClient http, String bootstrapToken) throws Exception {
        return named("Savings account opening").register(http).approve(http, bootstrapToken, "WEB");
    }

    /** Signs in to the requester portal, from an address of its own; answers the sign-in's response. */
    public HttpResponse<String> signIn(WebClient browser) throws Exception {
        return signIn(browser, clientId, clientSecret);
    }

    public static HttpResponse<String> signIn(WebClient browser, String clientId, String clientSecret)
            throws Exception {
        String csrf = WebClient.csrfTokenOf(browser.get("/requester/login").body());
        return browser.postForm("/requester/login", Map.of("clientId", clientId, "clientSecret", clientSecret,
                "_csrf", csrf), "X-Forwarded-For", newAddress());
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return "TestRequester[" + name + ", " + clientId + "]";
    }
}
