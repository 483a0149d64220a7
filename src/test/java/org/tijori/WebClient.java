package org.tijori;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client for tests: keeps cookies, does not follow redirects, and can sign in
 * through the real form with its CSRF token.
 */
public final class WebClient {

    private static final Pattern CSRF_FIELD = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");

    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]+)\"");

    private final String base;

    private final CookieManager cookies;

    private final HttpClient client;

    public WebClient(int port) {
        this("http://localhost:" + port, new CookieManager());
    }

    private WebClient(String base, CookieManager cookies) {
        this.base = base;
        this.cookies = cookies;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The same browser, cookies and all, talking to another node on this machine. */
    public WebClient toPort(int port) {
        return new WebClient("http://localhost:" + port, cookies);
    }

    /** The same browser talking to another origin, such as an identity provider. */
    public WebClient toOrigin(String origin) {
        return new WebClient(origin, cookies);
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).GET().build());
    }

    public HttpResponse<String> postForm(String path, Map<String, String> fields, String... headers)
            throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> postJson(String path, String json, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        return send("POST", path, contentType, body, headers);
    }

    /** Any method; {@code contentType} and {@code body} may be null for a request without a body. */
    public HttpResponse<String> send(String method, String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path, headers);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A GET whose answer is kept as bytes: downloads, pictures. */
    public HttpResponse<byte[]> getBytes(String path, String... headers) throws IOException, InterruptedException {
        return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A multipart/form-data POST of some fields and one file, as a browser sends a file upload. */
    public HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileField, String fileName,
            byte[] file, String... headers) throws IOException, InterruptedException {
        String boundary = "----tijori" + Long.toHexString(System.nanoTime());
        var body = new java.io.ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray(), headers);
    }

    /** Fetches a page for its CSRF token, then posts a form to {@code action} with it. */
    public HttpResponse<String> submit(String page, String action, Map<String, String> fields)
            throws IOException, InterruptedException {
        var withToken = new java.util.LinkedHashMap<>(fields);
        withToken.put("_csrf", csrfTokenOf(get(page).body()));
        return postForm(action, withToken);
    }

    /** Follows one redirect, if the answer is one. */
    public HttpResponse<String> follow(HttpResponse<String> response) throws IOException, InterruptedException {
        var location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
            return response;
        }
        String target = location.get().startsWith(base) ? location.get().substring(base.length()) : location.get();
        return get(target);
    }

    /**
     * Signs in through the sign-in page, as a person would, with the password and then, when the server asks
     * for it, the second factor from the account's {@link TestAuthenticator}; an administrator without one
     * sets it up first and then signs in again. Answers the last response (a redirect to where the sign-in
     * lands).
     */
    public HttpResponse<String> signIn(String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> first = signInWithPasswordOnly(username, password);
        String next = first.headers().firstValue("Location").orElse("");
        if (next.endsWith("/profile/security?required")) {
            // A person sets up the app once, then signs in as usual: so does this client, in its own session.
            TestAuthenticator.enrol(this, base, username);
            return signIn(username, password);
        }
        if (next.endsWith("/login/second-factor") && TestAuthenticator.knows(base, username)) {
            return TestAuthenticator.answerSecondStep(this, base, username);
        }
        return first;
    }

    /** Only the password step of signing in, for tests of what the password alone gives. */
    public HttpResponse<String> signInWithPasswordOnly(String username, String password)
            throws IOException, InterruptedException {
        String csrf = csrfTokenOf(get("/login").body());
        return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf));
    }

    /** The server this client talks to, e.g. {@code http://localhost:8080}. */
    public String base() {
        return base;
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals(name))
                .map(java.net.HttpCookie::getValue)
                .findFirst().orElse(null);
    }

    public static String csrfTokenOf(String html) {
        Matcher field = CSRF_FIELD.matcher(html);
        if (!field.find()) {
            throw new IllegalStateException("no CSRF field in the page");
        }
        Matcher value = VALUE.matcher(field.group());
        if (!value.find()) {
            throw new IllegalStateException("a CSRF field without a value");
        }
        return value.group(1);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
