package org.tijori.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.StateDirectory;
import org.tijori.TijoriProperties;
import org.tijori.account.AdministrationProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * A demo requester beside Tijori, as a bank's web application would be (ADR 23, "The demo requester"): on the first
 * start it registers through Tijori's public API and has itself approved with the bootstrap token; then
 * {@link #start()} sends a resident to the authorization endpoint with PKCE, and {@link #callback} exchanges the code
 * and calls the partner API as a requester does, every request and answer written down for the page. Only with the
 * {@code demo} profile.
 */
@Service
@Profile("demo")
public class DemoRequester {

    private static final Logger log = LoggerFactory.getLogger(DemoRequester.class);

    static final String FOLDER = "demo-requester";

    static final String NAME = "Demo Requester";

    static final String SCOPE = "userdetails files.issueddocs";

    /** Values of these names are secrets or tokens: the page shows only their last four characters. */
    private static final Set<String> SECRET_NAMES = Set.of("access_token", "refresh_token", "id_token", "code",
            "code_verifier", "client_secret", "token", "consent_receipt", "clientSecret");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final SecureRandom random = new SecureRandom();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Path folder;

    private final JsonMapper json;

    private final String bootstrapToken;

    private final String publicBase;

    private final DemoFlows flows;

    private final Clock clock;

    private volatile String base;

    private volatile DemoRequesterCredentials credentials;

    DemoRequester(StateDirectory state, TijoriProperties tijori, JsonMapper json, Clock clock,
            AdministrationProperties admin) {
        if (!admin.hasBootstrapToken()) {
            throw new IllegalStateException("The demo profile needs tijori.admin.bootstrap-token: the demo requester "
                    + "approves itself with it. application-demo.properties sets a demo-only token; do not blank it.");
        }
        this.folder = state.root().resolve(FOLDER);
        this.json = json;
        this.bootstrapToken = admin.bootstrapToken();
        this.publicBase = withoutTrailingSlash(tijori.baseUrl().toString());
        this.flows = new DemoFlows(clock);
        this.clock = clock;
    }

    /** Sets the demo requester up once Tijori answers HTTP. */
    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof ServletWebServerApplicationContext web)
                || web.getWebServer() == null) {
            log.warn("The demo requester needs Tijori's web server, which is not running; it does nothing.");
            return;
        }
        // As the demo issuer: the local address always reaches Tijori, where tijori.base-url may name a proxy.
        String local = "http://localhost:" + web.getWebServer().getPort() + web.getServletContext().getContextPath();
        try {
            setUp(local);
            log.info("Demo requester {} is ready: open {}/demo-requester", credentials.clientId(), publicBase);
        }
        catch (RuntimeException e) {
            log.error("The demo requester could not set itself up: {}. Tijori runs on; restart to try again.",
                    e.getMessage(), e);
        }
    }

    synchronized void setUp(String local) {
        base = local;
        String redirectUri = redirectUri();
        DemoRequesterCredentials known = DemoRequesterCredentials.load(folder, json).orElseGet(this::join);
        if (!known.redirectUri().equals(redirectUri)) {
            // tijori.base-url changed since the registration: the redirect URI follows it.
            HttpResponse<String> changed = send(HttpRequest.newBuilder(uri("/api/v1/admin/requesters/"
                    + known.requesterId() + "/redirect-uris")).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bootstrapToken)
                    .PUT(HttpRequest.BodyPublishers.ofString(json.createObjectNode().set("redirectUris",
                            json.createArrayNode().add(redirectUri)).toString())));
            if (changed.statusCode() != 200) {
                throw refusedBy("the demo requester's new redirect URI", changed);
            }
            known = known.withRedirectUri(redirectUri);
            known.save(folder, json);
        }
        credentials = known;
    }

    /** Whether the demo requester is registered and approved. */
    public boolean ready() {
        return credentials != null;
    }

    /** Where the demo requester's client is registered: its client ID. */
    public Optional<String> clientId() {
        DemoRequesterCredentials current = credentials;
        return current == null ? Optional.empty() : Optional.of(current.clientId());
    }

    /**
     * Starts a flow: a new {@code state} and PKCE verifier kept on the server, and the authorization URL (on
     * {@code tijori.base-url}, where the resident's browser goes) with the S256 challenge.
     *
     * @throws IllegalStateException when the demo requester is not set up
     */
    public String start() {
        DemoRequesterCredentials current = requireReady();
        String state = newValue();
        String verifier = newValue() + newValue();
        flows.add(new DemoFlows.Flow(state, verifier, clock.instant()));
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", current.clientId());
        request.put("redirect_uri", current.redirectUri());
        request.put("scope", SCOPE);
        request.put("state", state);
        request.put("code_challenge", challenge(verifier));
        request.put("code_challenge_method", "S256");
        return publicBase + "/public/oauth2/1/authorize?" + form(request);
    }

    /**
     * The callback: the flow of {@code state} (taken once), then the code exchanged and the partner API called as a
     * requester does, each call written down with its answer.
     *
     * @return empty when no flow of this state is under way (unknown, used or expired)
     */
    public Optional<List<Call>> callback(String state, String code, String error, String errorDescription) {
        Optional<DemoFlows.Flow> flow = flows.take(state);
        if (flow.isEmpty()) {
            return Optional.empty();
        }
        DemoRequesterCredentials current = requireReady();
        List<Call> calls = new ArrayList<>();
        if (code == null || code.isBlank()) {
            calls.add(new Call("callback", "GET", "/demo-requester/callback", "", 0,
                    "error=" + error + ", error_description=" + errorDescription, null));
            return Optional.of(calls);
        }
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", code);
        exchange.put("redirect_uri", current.redirectUri());
        exchange.put("code_verifier", flow.get().verifier());
        HttpResponse<String> tokens = token(exchange, calls, "token");
        Optional<JsonNode> tokenAnswer = jsonOf(tokens);
        if (tokens.statusCode() != 200 || tokenAnswer.isEmpty()) {
            return Optional.of(calls);
        }
        String access = text(tokenAnswer.get(), "access_token");
        get("/public/oauth2/1/user", access, calls, "user");
        HttpResponse<String> issued = get("/public/oauth2/2/files/issued", access, calls, "issued");
        jsonOf(issued).map(answer -> answer.path("items")).filter(items -> items.isArray() && !items.isEmpty())
                .map(items -> text(items.get(0), "uri")).filter(uri -> !uri.isBlank())
                .ifPresentOrElse(uri -> file(uri, access, current, calls),
                        () -> calls.add(new Call("file", "GET", "/public/oauth2/1/file/{uri}", "", 0, "", null)));
        Map<String, String> refresh = new LinkedHashMap<>();
        refresh.put("grant_type", "refresh_token");
        refresh.put("refresh_token", text(tokenAnswer.get(), "refresh_token"));
        HttpResponse<String> refreshed = token(refresh, calls, "refresh");
        String toRevoke = jsonOf(refreshed).map(answer -> text(answer, "refresh_token")).filter(t -> !t.isBlank())
                .orElse(refresh.get("refresh_token"));
        Map<String, String> revoke = new LinkedHashMap<>();
        revoke.put("token", toRevoke);
        revoke.put("token_type_hint", "refresh_token");
        HttpResponse<String> revoked = send(post("/public/oauth2/1/revoke", revoke, current));
        calls.add(new Call("revoke", "POST", "/public/oauth2/1/revoke", basicShown(current) + "\n" + shown(revoke),
                revoked.statusCode(), shownBody(revoked.body()), null));
        return Optional.of(calls);
    }

    /**
     * One request the demo requester made and Tijori's answer, as the page shows them (secrets and tokens cut to
     * their last four characters).
     *
     * @param step the message key's last part: {@code token}, {@code user}, {@code issued}, {@code file}, ...
     * @param status the HTTP status, 0 when the call was not made
     * @param hmacMatches for a file, whether its {@code hmac} header is the body's HMAC-SHA256 by the client secret
     */
    public record Call(String step, String method, String path, String request, int status, String answer,
            Boolean hmacMatches) {
    }

    private void file(String uri, String access, DemoRequesterCredentials current, List<Call> calls) {
        String path = "/public/oauth2/1/file/" + URLEncoder.encode(uri, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<byte[]> file;
        try {
            file = http.send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Authorization",
                    "Bearer " + access).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException e) {
            throw unreachable(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling Tijori", e);
        }
        Optional<String> hmac = file.headers().firstValue("hmac");
        Boolean matches = file.statusCode() == 200 ? hmac.map(offered -> matches(offered, file.body(),
                current.clientSecret())).orElse(false) : null;
        String answer = file.statusCode() == 200
                ? "Content-Type: " + file.headers().firstValue("Content-Type").orElse("") + "\nContent-Length: "
                        + file.body().length + "\nhmac: " + hmac.map(DemoRequester::lastFour).orElse("")
                : shownBody(new String(file.body(), StandardCharsets.UTF_8));
        calls.add(new Call("file", "GET", path, "Authorization: Bearer " + lastFour(access), file.statusCode(), answer,
                matches));
    }

    /** DigiLocker's {@code hmac} of a file: Base64 of the body's HMAC-SHA256 keyed by the client secret. */
    static boolean matches(String offered, byte[] body, String clientSecret) {
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            expected = mac.doFinal(body);
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HMAC-SHA256", e);
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(offered.strip());
        }
        catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    private HttpResponse<String> token(Map<String, String> form, List<Call> calls, String step) {
        DemoRequesterCredentials current = credentials;
        HttpResponse<String> answer = send(post("/public/oauth2/1/token", form, current));
        calls.add(new Call(step, "POST", "/public/oauth2/1/token", basicShown(current) + "\n" + shown(form),
                answer.statusCode(), shownBody(answer.body()), null));
        return answer;
    }

    private HttpResponse<String> get(String path, String access, List<Call> calls, String step) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + access).GET());
        calls.add(new Call(step, "GET", path, "Authorization: Bearer " + lastFour(access), answer.statusCode(),
                shownBody(answer.body()), null));
        return answer;
    }

    private HttpRequest.Builder post(String path, Map<String, String> form, DemoRequesterCredentials current) {
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((form(current.clientId()) + ":"
                        + form(current.clientSecret())).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    }

    private DemoRequesterCredentials join() {
        ObjectNode registration = json.createObjectNode().put("name", NAME).put("organisation", "Tijori demo")
                .put("contactEmail", "demo@tijori.invalid")
                .put("purpose", "Showing how a requester's application reads a resident's locker with consent");
        registration.putArray("redirectUris").add(redirectUri());
        HttpResponse<String> registered = send(HttpRequest.newBuilder(uri("/api/v1/requesters/registrations"))
                .timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(registration.toString())));
        if (registered.statusCode() != 202) {
            throw refusedBy("the demo requester's registration", registered);
        }
        String id = text(json.readTree(registered.body()), "registrationId");
        HttpResponse<String> approved = send(HttpRequest.newBuilder(uri("/api/v1/admin/requesters/" + id + "/approve"))
                .timeout(TIMEOUT).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bootstrapToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"WEB\"}")));
        if (approved.statusCode() != 200) {
            throw refusedBy("the demo requester's approval", approved);
        }
        JsonNode answer = json.readTree(approved.body());
        DemoRequesterCredentials joined = new DemoRequesterCredentials(id, text(answer, "clientId"),
                text(answer, "clientSecret"), redirectUri());
        joined.save(folder, json);
        log.info("Demo requester registered and approved as {}", joined.clientId());
        return joined;
    }

    private String redirectUri() {
        return publicBase + "/demo-requester/callback";
    }

    private DemoRequesterCredentials requireReady() {
        DemoRequesterCredentials current = credentials;
        if (current == null) {
            throw new IllegalStateException("The demo requester is not set up; see the log of the start-up.");
        }
        return current;
    }

    private Optional<JsonNode> jsonOf(HttpResponse<String> answer) {
        try {
            return Optional.of(json.readTree(answer.body()));
        }
        catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** A JSON answer with every secret or token cut to its last four characters; any other body as it came. */
    private String shownBody(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode tree = json.readTree(body);
            shorten(tree);
            return tree.toPrettyString();
        }
        catch (JacksonException e) {
            return body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
        }
    }

    private static void shorten(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(name);
                if (SECRET_NAMES.contains(name) && value.isString()) {
                    object.put(name, lastFour(value.asString()));
                }
                else {
                    shorten(value);
                }
            }
        }
        else if (node != null && node.isArray()) {
            node.forEach(DemoRequester::shorten);
        }
    }

    private static String shown(Map<String, String> form) {
        return form.entrySet().stream().map(entry -> entry.getKey() + "="
                + (SECRET_NAMES.contains(entry.getKey()) ? lastFour(entry.getValue()) : entry.getValue()))
                .collect(Collectors.joining("\n"));
    }

    private static String basicShown(DemoRequesterCredentials current) {
        return "Authorization: Basic (" + current.clientId() + ":" + lastFour(current.clientSecret()) + ")";
    }

    /** A secret or token as the page shows it: its last four characters only. */
    static String lastFour(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        return "…" + (secret.length() <= 4 ? "" : secret.substring(secret.length() - 4));
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String newValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(entry -> form(entry.getKey()) + "=" + form(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw unreachable(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling Tijori", e);
        }
    }

    private IllegalStateException unreachable(IOException e) {
        return new IllegalStateException("The demo requester cannot reach Tijori at " + base + ": " + e, e);
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static IllegalStateException refusedBy(String what, HttpResponse<String> answer) {
        return new IllegalStateException("Tijori refused " + what + ": " + answer.statusCode() + " " + answer.body());
    }
}
