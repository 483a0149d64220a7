package org.tijori.gateway;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.tijori.WebClient;
import org.tijori.gateway.token.ReferenceTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A requester's application as the tests play it (ADR 23's fixture): it builds authorization requests with PKCE,
 * follows a signed-in resident's browser through the consent page, and exchanges codes and refresh tokens at the
 * token endpoint, as a form with HTTP Basic unless a test asks otherwise.
 */
public final class PartnerClient {

    public static final String AUTHORIZE = "/public/oauth2/1/authorize";

    public static final String TOKEN = "/public/oauth2/1/token";

    public static final String REVOKE = "/public/oauth2/1/revoke";

    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\"");

    public final TestRequester requester;

    public final WebClient http;

    public final String verifier = ReferenceTokens.newValue() + ReferenceTokens.newValue();

    public final String state = "st-" + ReferenceTokens.newValue().substring(0, 12);

    private static final Pattern CHECKED = Pattern.compile(
            "<input type=\"(?:checkbox|radio)\" name=\"([a-z_]+)\"[^>]*value=\"([^\"]*)\"[^>]*checked");

    public PartnerClient(TestRequester requester, WebClient http) {
        this.requester = requester;
        this.http = http;
    }

    public String redirectUri() {
        return requester.redirectUris.get(0);
    }

    public String challenge() {
        return challenge(verifier);
    }

    public static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The usual request: code, this client, its first redirect URI, the scopes, S256, the state. */
    public Map<String, String> request(String scope) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", requester.clientId);
        request.put("redirect_uri", redirectUri());
        if (scope != null) {
            request.put("scope", scope);
        }
        request.put("state", state);
        request.put("code_challenge", challenge());
        request.put("code_challenge_method", "S256");
        return request;
    }

    public static String authorizeUrl(Map<String, String> parameters) {
        return AUTHORIZE + "?" + query(parameters);
    }

    public static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The signed-in browser asks, reaches the consent page, and answers it with these fields and the page's own. */
    public HttpResponse<String> consent(WebClient browser, Map<String, String> request, Map<String, String> answer)
            throws Exception {
        HttpResponse<String> asked = browser.get(authorizeUrl(request));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(302);
        String consentPage = location(asked);
        assertThat(consentPage).as("to the consent page").contains("/consent?");
        HttpResponse<String> page = browser.get(pathOf(consentPage));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return answerAsBrowser(browser, page.body(), answer);
    }

    /** Posts the form as a browser would with the boxes checked as the page drew them, then {@code answer}. */
    public static HttpResponse<String> answerAsBrowser(WebClient browser, String page, Map<String, String> answer)
            throws Exception {
        List<String> pairs = new java.util.ArrayList<>();
        Matcher checked = CHECKED.matcher(page);
        while (checked.find()) {
            if (!answer.containsKey(checked.group(1))) {
                pairs.add(checked.group(1));
                pairs.add(checked.group(2).replace("&amp;", "&"));
            }
        }
        answer.forEach((name, value) -> {
            pairs.add(name);
            pairs.add(value);
        });
        return answerWith(browser, page, pairs.toArray(String[]::new));
    }

    /** Posts the consent page's form with its hidden fields, the CSRF token and {@code answer}. */
    public static HttpResponse<String> answer(WebClient browser, String page, Map<String, String> answer)
            throws Exception {
        Map<String, String> form = hiddenFields(page);
        form.putAll(answer);
        return browser.postForm(AUTHORIZE, form);
    }

    /**
     * Posts the consent page's hidden fields and CSRF token with {@code pairs} (name, value, name, value...), where a
     * name may come back, as a form with several boxes ticked sends it.
     */
    public static HttpResponse<String> answerWith(WebClient browser, String page, String... pairs) throws Exception {
        StringBuilder body = new StringBuilder(query(hiddenFields(page)));
        for (int i = 0; i < pairs.length; i += 2) {
            body.append('&').append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
        }
        return browser.post(AUTHORIZE, "application/x-www-form-urlencoded",
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static Map<String, String> hiddenFields(String page) {
        Map<String, String> form = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(page);
        while (hidden.find()) {
            form.put(hidden.group(1), hidden.group(2).replace("&amp;", "&"));
        }
        form.put("_csrf", WebClient.csrfTokenOf(page));
        return form;
    }

    /** A code by the whole flow: the resident allows for a day, all documents; the redirect's code. */
    public String code(WebClient browser, String scope) throws Exception {
        HttpResponse<String> allowed = consent(browser, request(scope), Map.of("decision", "allow"));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(302);
        Map<String, String> answer = redirectParameters(allowed);
        assertThat(answer).containsEntry("state", state);
        return answer.get("code");
    }

    /** Exchanges a code with HTTP Basic and a form. */
    public HttpResponse<String> exchange(String code) throws Exception {
        return http.postForm(TOKEN, Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
                redirectUri(), "code_verifier", verifier), basic());
    }

    public HttpResponse<String> refresh(String refreshToken) throws Exception {
        return http.postForm(TOKEN, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), basic());
    }

    public HttpResponse<String> revoke(String token) throws Exception {
        return http.postForm(REVOKE, Map.of("token", token), basic());
    }

    public String[] basic() {
        return new String[] { "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (requester.clientId + ":" + requester.clientSecret).getBytes(StandardCharsets.UTF_8)) };
    }

    public static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    public static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no Location: " + response.statusCode() + " " + response.body()));
    }

    public static String pathOf(String location) {
        URI uri = URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The query parameters of a redirect's {@code Location}. */
    public static Map<String, String> redirectParameters(HttpResponse<String> response) {
        URI uri = URI.create(location(response));
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length == 1 ? "" : URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static List<String> scopes(Map<String, Object> tokenAnswer) {
        return List.of(((String) tokenAnswer.get("scope")).split(" "));
    }
}
