package org.tijori.demo;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.PartnerClient;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo requester end to end (ADR 23): it registers and approves itself through Tijori's HTTP APIs on the first
 * start; a signed-in resident with documents from the demo issuer starts a flow at {@code /demo-requester}, allows it
 * on the consent page, and the callback page shows every call of a requester answered 200, tokens shortened.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class DemoRequesterTests {

    /** A person of the demo ID registry with pushed documents whom no other demo test links. */
    static final String MEERA = "999959083016";

    static final String PASSWORD = "a long and unusual phrase";

    private static final Pattern CALL = Pattern.compile("<article class=\"demo-call\" id=\"call-([a-z]+)\">(.*?)</article>",
            Pattern.DOTALL);

    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_-]{40,}");

    private static final Pattern STATUS = Pattern.compile("<strong class=\"demo-call__status\">(\\d+)</strong>");

    @LocalServerPort
    int port;

    @Autowired
    DemoRequester demoRequester;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    NationalIdLinks links;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Autowired
    JsonMapper json;

    @Test
    void registersAndApprovesItselfKeepingItsCredentialsForItsOwnerOnly() throws Exception {
        Path file = Path.of(environment.getProperty("tijori.data-dir")).resolve("demo-requester")
                .resolve("credentials.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode credentials = json.readTree(Files.readString(file));
        String clientId = credentials.get("clientId").asString();
        assertThat(demoRequester.clientId()).contains(clientId);
        assertThat(jdbc.sql("select status from gateway_requester where client_id = ?").param(clientId)
                .query(String.class).single()).isEqualTo("APPROVED");
        assertThat(jdbc.sql("select redirect_uris[1] from gateway_requester where client_id = ?").param(clientId)
                .query(String.class).single()).isEqualTo(environment.getProperty("tijori.base-url")
                        + "/demo-requester/callback").isEqualTo(credentials.get("redirectUri").asString());
    }

    @Test
    void aResidentRunsTheWholeFlowAndEveryCallIsAnswered200() throws Exception {
        ResidentAccount resident = residentWithNationalId(MEERA);
        await().untilAsserted(() -> assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id())))
                .hasSize(3));
        WebClient browser = new WebClient(port);
        browser.signIn(resident.username(), PASSWORD);

        HttpResponse<String> page = browser.get("/demo-requester");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"demo-requester-start\"");

        HttpResponse<String> started = browser.get("/demo-requester/start");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        String authorize = PartnerClient.location(started);
        assertThat(authorize).startsWith(environment.getProperty("tijori.base-url") + PartnerClient.AUTHORIZE + "?")
                .contains("code_challenge_method=S256", "code_challenge=", "state=", "client_id="
                        + demoRequester.clientId().orElseThrow());
        String callback = consent(browser, PartnerClient.pathOf(authorize));

        HttpResponse<String> answered = browser.get(callback);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        Map<String, String> statuses = statuses(answered.body());
        assertThat(statuses).containsExactly(Map.entry("token", "200"), Map.entry("user", "200"),
                Map.entry("issued", "200"), Map.entry("file", "200"), Map.entry("refresh", "200"),
                Map.entry("revoke", "200"));
        assertThat(answered.body()).contains("class=\"demo-call__hmac\">The hmac header matches the file");
        String secret = json.readTree(Files.readString(Path.of(environment.getProperty("tijori.data-dir"))
                .resolve("demo-requester").resolve("credentials.json"))).get("clientSecret").asString();
        assertThat(answered.body()).as("secrets shortened").doesNotContain(secret)
                .contains("…" + secret.substring(secret.length() - 4));
        assertThat(TOKEN_LIKE.matcher(answered.body()).results().map(MatchResult::group).toList())
                .as("no code, verifier or token (32 random bytes, base64url) shown whole").isEmpty();
        assertThat(answered.body()).contains("&quot;access_token&quot; : &quot;…", "&quot;refresh_token&quot; : &quot;…");
        assertThat(jdbc.sql("select count(*) from gateway_consent c join gateway_requester r on r.id = c.requester_id"
                + " where r.client_id = ? and c.account_id = ? and c.ended_at is not null")
                .params(demoRequester.clientId().orElseThrow(), resident.id().value()).query(Integer.class).single())
                .as("the revocation ended the consent").isEqualTo(1);

        HttpResponse<String> again = browser.get(callback);
        assertThat(again.statusCode()).as("a state is good once").isEqualTo(400);
        assertThat(again.body()).contains("id=\"demo-requester-unknown\"");
    }

    @Test
    void refusesACallbackOfAStateItDidNotStartWithAPageNotAnError() throws Exception {
        HttpResponse<String> unknown = new WebClient(port).get("/demo-requester/callback?code=abc&state=not-mine");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("id=\"demo-requester-unknown\"").doesNotContain("demo-call__status");

        HttpResponse<String> none = new WebClient(port).get("/demo-requester/callback");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("id=\"demo-requester-unknown\"");

        HttpResponse<String> hindi = new WebClient(port).get("/demo-requester/callback?state=x&lang=hi");
        assertThat(hindi.statusCode()).isEqualTo(400);
        assertThat(hindi.body()).contains("फिर से शुरू करें");
    }

    /** The signed-in browser asks, allows on the consent page, and answers the path of the redirect to the callback. */
    private static String consent(WebClient browser, String authorize) throws Exception {
        HttpResponse<String> asked = browser.get(authorize);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(302);
        HttpResponse<String> consentPage = browser.get(PartnerClient.pathOf(PartnerClient.location(asked)));
        assertThat(consentPage.statusCode()).as(consentPage.body()).isEqualTo(200);
        HttpResponse<String> allowed = PartnerClient.answerAsBrowser(browser, consentPage.body(),
                Map.of("decision", "allow"));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(302);
        String redirect = PartnerClient.location(allowed);
        assertThat(redirect).contains("/demo-requester/callback?", "code=", "state=");
        return PartnerClient.pathOf(redirect);
    }

    private static Map<String, String> statuses(String page) {
        Map<String, String> statuses = new LinkedHashMap<>();
        Matcher call = CALL.matcher(page);
        while (call.find()) {
            Matcher status = STATUS.matcher(call.group(2));
            statuses.put(call.group(1), status.find() ? status.group(1) : "not made");
        }
        return statuses;
    }

    private ResidentAccount residentWithNationalId(String uid) {
        ResidentAccount resident = accounts.signUp(new MobileNumber("7400000001"), "demorequester1", PASSWORD);
        links.link(resident.id(), links.requestLink(resident.id(), new NationalId(uid)).token());
        return resident;
    }
}
