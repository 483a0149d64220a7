package org.tijori.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tijori.WebClient;
import org.tijori.audit.AuditTrail;
import org.tijori.gateway.requester.ClientSecrets;
import org.tijori.gateway.requester.RequesterClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requesters registering and administrators deciding on them, over HTTP (ADR 23, API.md section 5): the JSON
 * registration and the form with a logo, every bad field refused with a problem that names it and nothing kept,
 * the limit per address, approval showing the secret once, rejection, suspension (tokens and consents end),
 * reinstatement with new credentials, rotation, redirect URIs edited; and no secret in any column or log line.
 */
@RequesterTestContext
@ExtendWith(OutputCaptureExtension.class)
class RequesterRegistrationTests {

    static final String TOKEN = RequesterTestContext.TOKEN;

    static final Pattern SHOWN_SECRET = Pattern.compile("id=\"new-client-secret\">([^<]+)<");

    static final Pattern SHOWN_CLIENT_ID = Pattern.compile("id=\"new-client-id\">([^<]+)<");

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail trail;

    @Autowired
    RequesterClients clients;

    @Autowired
    ClientSecrets secrets;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void aRequesterRegistersByJsonAndWaitsForAnAdministrator() throws Exception {
        TestRequester requester = TestRequester.named("Account opening");

        HttpResponse<String> answer = http().postJson("/api/v1/requesters/registrations", requester.registrationJson(),
                "X-Forwarded-For", TestRequester.newAddress());

        assertThat(answer.statusCode()).isEqualTo(202);
        Map<String, Object> receipt = JSONObjectUtils.parse(answer.body());
        assertThat(receipt).containsEntry("status", "PENDING").containsKey("registrationId");
        assertThat(jdbc.sql("""
                select status || ' ' || name || ' ' || array_to_string(redirect_uris, ',') from gateway_requester
                 where id = ?::uuid""").param(receipt.get("registrationId")).query(String.class).single())
                .isEqualTo("PENDING " + requester.name + " " + String.join(",", requester.redirectUris));
        await().untilAsserted(() -> assertThat(trail.about((String) receipt.get("registrationId"), 5))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("gateway.RequesterRegistered")));
    }

    @Test
    void theFormTakesALogoByItsContentAndRefusesAnythingElse() throws Exception {
        var browser = http();
        String csrf = WebClient.csrfTokenOf(browser.get("/requester/register").body());
        Map<String, String> fields = Map.of("_csrf", csrf, "name", "Form bank " + System.nanoTime(),
                "organisation", "Form Bank Ltd", "contactEmail", "it@formbank.example.in",
                "purpose", "Loans", "redirectUris", "https://formbank.example.in/callback\r\ncom.formbank.app:/cb");

        HttpResponse<String> registered = browser.postMultipart("/requester/register", fields, "logo", "logo.gif",
                PNG, "X-Forwarded-For", TestRequester.newAddress());

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(registered.body()).contains("Registration received", fields.get("name"));
        assertThat(jdbc.sql("""
                select logo_media_type || ' ' || cardinality(redirect_uris) from gateway_requester where name = ?""")
                .param(fields.get("name")).query(String.class).single())
                .as("a PNG by its content, whatever its name says").isEqualTo("image/png 2");

        String gifName = "Gif bank " + System.nanoTime();
        var withGif = new java.util.HashMap<>(fields);
        withGif.put("name", gifName);
        HttpResponse<String> gif = browser.postMultipart("/requester/register", withGif, "logo", "logo.png",
                "GIF89a....".getBytes(StandardCharsets.US_ASCII), "X-Forwarded-For", TestRequester.newAddress());
        assertThat(gif.statusCode()).isEqualTo(400);
        assertThat(gif.body()).contains("id=\"register-error\"", "logo: a PNG or a JPEG picture.");
        assertThat(count("select count(*) from gateway_requester where name = ?", gifName)).isZero();

        HttpResponse<String> forged = http().postMultipart("/requester/register", Map.of("name", "x"), "logo", "l.png",
                PNG, "X-Forwarded-For", TestRequester.newAddress());
        assertThat(forged.statusCode()).as("no CSRF token").isEqualTo(403);
    }

    @Test
    void eachBadFieldIsRefusedWithAProblemThatNamesItAndNothingIsKept() throws Exception {
        TestRequester good = TestRequester.named("Field checks");
        String json = good.registrationJson();
        String uris = "\"" + String.join("\",\"", good.redirectUris) + "\"";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("name", json.replace("\"name\":\"" + good.name + "\"", "\"name\":\"  \""));
        bad.put("organisation", json.replace("Test Bank Ltd", "x".repeat(201)));
        bad.put("contactEmail", json.replace("it@bank.example.in", "not-an-address"));
        bad.put("purpose", json.replace("\"purpose\":\"Opening savings accounts\"", "\"purpose\":null"));
        bad.put("redirectUris", json.replace(uris, ""));
        bad.put("redirectUris ", json.replace(uris, "\"http://bank.example.in/callback\""));
        bad.put("redirectUris  ", json.replace(uris, "\"https://bank.example.in/callback#top\""));
        bad.put("redirectUris   ", json.replace(uris, "\"https://user:pw@bank.example.in/callback\""));
        bad.put("redirectUris    ", json.replace(uris, "\"https://*.bank.example.in/callback\""));
        bad.put("redirectUris     ", json.replace(uris, "\"/callback\""));
        bad.put("redirectUris      ", json.replace(uris, "\"javascript:alert(1)\""));
        bad.put("redirectUris       ", json.replace(uris, "\"https://a.example.in/cb\",\"https://a.example.in/cb\""));
        bad.put("redirectUris        ", json.replace(uris, String.join(",", java.util.Collections.nCopies(11,
                "\"https://a.example.in/cb\""))));
        long before = count("select count(*) from gateway_requester");

        for (var entry : bad.entrySet()) {
            HttpResponse<String> refused = http().postJson("/api/v1/requesters/registrations", entry.getValue(),
                    "X-Forwarded-For", TestRequester.newAddress());
            assertThat(refused.statusCode()).as(entry.getValue()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat((String) JSONObjectUtils.parse(refused.body()).get("detail")).as(entry.getValue())
                    .startsWith(entry.getKey().strip() + ":");
        }
        assertThat(count("select count(*) from gateway_requester")).isEqualTo(before);
        HttpResponse<String> notJson = http().postJson("/api/v1/requesters/registrations", "{not json",
                "X-Forwarded-For", TestRequester.newAddress());
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    @Test
    void theTwentyFirstRegistrationFromOneAddressWithinAnHourIsRefused() throws Exception {
        String address = TestRequester.newAddress();
        for (int i = 0; i < 20; i++) {
            assertThat(http().postJson("/api/v1/requesters/registrations",
                    TestRequester.named("Busy").registrationJson(), "X-Forwarded-For", address).statusCode())
                    .isEqualTo(202);
        }

        HttpResponse<String> refused = http().postJson("/api/v1/requesters/registrations",
                TestRequester.named("Busy").registrationJson(), "X-Forwarded-For", address);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("https://tijori.org/problems/rate-limited");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3600");
        assertThat(http().postJson("/api/v1/requesters/registrations", TestRequester.named("Elsewhere")
                .registrationJson(), "X-Forwarded-For", TestRequester.newAddress()).statusCode()).isEqualTo(202);

        // Refused before anything of the body is read: a body that is not JSON gets the same 429, not a 400, and
        // a form post neither reaches the CSRF check (403 without a token) nor its multipart parser.
        assertThat(http().postJson("/api/v1/requesters/registrations", "{not json", "X-Forwarded-For", address)
                .statusCode()).isEqualTo(429);
        assertThat(http().postJson("/api/v1/requesters/%72egistrations", "{not json", "X-Forwarded-For", address)
                .statusCode()).as("an encoded letter names the same endpoint").isEqualTo(429);
        HttpResponse<String> form = http().post("/requester/register", "multipart/form-data; boundary=x",
                "not a multipart body".getBytes(StandardCharsets.UTF_8), "X-Forwarded-For", address,
                "Accept", "text/html");
        assertThat(form.statusCode()).isEqualTo(429);
        assertThat(form.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(form.body()).contains("Too many attempts from your network");
    }

    @Test
    void approvalShowsTheSecretOnceAndOnlyOnce() throws Exception {
        TestRequester requester = TestRequester.named("Approval").register(http());

        HttpResponse<String> approved = http().postJson("/api/v1/admin/requesters/" + requester.id + "/approve", "",
                "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> twice = http().postJson("/api/v1/admin/requesters/" + requester.id + "/approve", "",
                "Authorization", "Bearer " + TOKEN);

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        Map<String, Object> credentials = JSONObjectUtils.parse(approved.body());
        String secret = (String) credentials.get("clientSecret");
        assertThat((String) credentials.get("clientId")).matches("[A-HJ-NP-Z2-9]{10}");
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("is approved and cannot be approved").doesNotContain(secret);
        HttpResponse<String> listed = http().get("/api/v1/admin/requesters", "Authorization", "Bearer " + TOKEN);
        assertThat(listed.body()).contains(requester.id, (String) credentials.get("clientId")).doesNotContain(secret)
                .doesNotContain("clientSecret");
        assertThat(TestRequester.signIn(http(), (String) credentials.get("clientId"), secret).statusCode())
                .as("the credentials shown sign the requester in").isEqualTo(302);
        assertThat(http().get("/api/v1/admin/requesters").statusCode()).as("administrators only").isEqualTo(401);
    }

    @Test
    void anAdministratorDecidesOnThePagesAndSeesNewCredentialsOnce() throws Exception {
        TestRequester toApprove = TestRequester.named("Page approval").register(http());
        TestRequester toReject = TestRequester.named("Page rejection").register(http());
        WebClient admin = administrator();

        HttpResponse<String> list = admin.get("/admin/requesters");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(toApprove.name, toReject.name, "Waiting for approval");
        assertThat(list.body()).doesNotContainPattern("<script>[^<]").doesNotContain("style=\"");

        String page = "/admin/requesters/" + toApprove.id;
        HttpResponse<String> approval = admin.submit(page, page + "/approve", Map.of("kind", "DEVICE"));
        assertThat(approval.statusCode()).as("post, redirect, get").isEqualTo(302);
        assertThat(approval.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith(page));
        HttpResponse<String> approved = admin.follow(approval);
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(approved.headers().allValues("Cache-Control")).as("the secret's page kept by no cache")
                .anySatisfy(value -> assertThat(value).contains("no-store"));
        String secret = shown(SHOWN_SECRET, approved.body());
        String clientId = shown(SHOWN_CLIENT_ID, approved.body());
        assertThat(approved.body()).contains("Copy the secret now: it will not be shown again.",
                "data-copy=\"new-client-secret\"", "aria-label=\"Copy the client secret\"", "id=\"copy-status\"");
        assertThat(section(approved.body(), "new-credentials")).as("the secret in a calm box, not an error's")
                .contains("alert--info").doesNotContain("alert--error");
        assertThat(admin.get(page).body()).doesNotContain(secret).doesNotContain("new-client-secret")
                .contains("Application on a device");
        assertThat(jdbc.sql("select count(*) from spring_session_attributes where position(? in attribute_bytes) > 0")
                .param(secret.getBytes(StandardCharsets.UTF_8)).query(Integer.class).single())
                .as("the secret is kept in no session").isZero();
        assertThat(TestRequester.signIn(http(), clientId, secret).statusCode()).isEqualTo(302);

        HttpResponse<String> twice = admin.submit(page, page + "/approve", Map.of());
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("id=\"admin-error\"").doesNotContain("new-client-secret");

        String rejectPage = "/admin/requesters/" + toReject.id;
        HttpResponse<String> rejected = admin.submit(rejectPage, rejectPage + "/reject", Map.of());
        assertThat(rejected.statusCode()).isEqualTo(302);
        assertThat(admin.follow(rejected).body()).contains("The registration is rejected.", "Rejected");

        HttpResponse<String> unknown = admin.get("/admin/requesters/not-a-requester", "Accept", "text/html");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("There is no such requester.");

        HttpResponse<String> edited = admin.submit(page, page + "/redirect-uris",
                Map.of("redirectUris", "https://new.example.in/cb\nhttp://localhost:9000/cb"));
        assertThat(edited.statusCode()).isEqualTo(302);
        assertThat(admin.follow(edited).body()).contains("https://new.example.in/cb", "The redirect URIs are changed.");
        HttpResponse<String> badEdit = admin.submit(page, page + "/redirect-uris",
                Map.of("redirectUris", "http://new.example.in/cb"));
        assertThat(badEdit.statusCode()).isEqualTo(400);
        assertThat(badEdit.body()).contains("uses http, allowed on localhost");
        await().untilAsserted(() -> assertThat(trail.about(toApprove.id, 10)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("gateway.RequesterApproved");
            assertThat(entry.actor().type()).isEqualTo("ADMIN");
        }));
    }

    @Test
    void onlyAdministratorsReachTheRequestersPages() throws Exception {
        HttpResponse<String> anonymous = http().get("/admin/requesters");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));

        TestRequester requester = TestRequester.approved(http(), TOKEN);
        WebClient signedInRequester = http();
        assertThat(requester.signIn(signedInRequester).statusCode()).isEqualTo(302);
        assertThat(signedInRequester.get("/admin/requesters", "Accept", "text/html").statusCode()).isEqualTo(403);
        assertThat(signedInRequester.get("/profile", "Accept", "text/html").statusCode()).isEqualTo(403);
    }

    @Test
    void suspendingStopsTheRequestersTokensAndEndsItsConsentsAndReinstatingIssuesNewCredentials() throws Exception {
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        TestRequester other = TestRequester.approved(http(), TOKEN);
        var tokens = new StoredTokens(jdbc);
        StoredTokens.Grant grant = tokens.grant(new StoredTokens.Requester(java.util.UUID.fromString(requester.id),
                requester.clientId), "userdetails");
        StoredTokens.Grant othersGrant = tokens.grant(new StoredTokens.Requester(java.util.UUID.fromString(other.id),
                other.clientId), "userdetails");
        assertThat(http().get("/public/oauth2/1/user", grant.bearer()).statusCode()).isNotIn(401, 403);

        HttpResponse<String> suspended = http().postJson("/api/v1/admin/requesters/" + requester.id + "/suspend", "",
                "Authorization", "Bearer " + TOKEN);

        assertThat(suspended.statusCode()).isEqualTo(200);
        assertThat(http().get("/public/oauth2/1/user", grant.bearer()).statusCode()).isEqualTo(401);
        assertThat(http().get("/public/oauth2/1/user", othersGrant.bearer()).statusCode()).isNotIn(401, 403);
        assertThat(jdbc.sql("select ended_by from gateway_consent where id = ?").param(grant.consent())
                .query(String.class).single()).isEqualTo("ADMINISTRATOR");
        assertThat(jdbc.sql("select revoked_reason from gateway_authorization where id = ?")
                .param(grant.authorization()).query(String.class).single()).isEqualTo("requester-suspended");
        assertThat(TestRequester.signIn(http(), requester.clientId, requester.clientSecret).statusCode())
                .as("a suspended requester does not sign in").isEqualTo(401);

        String oldClientId = requester.clientId;
        String oldSecret = requester.clientSecret;
        requester.approve(http(), TOKEN, "WEB");
        assertThat(requester.clientId).isNotEqualTo(oldClientId);
        assertThat(requester.clientSecret).isNotEqualTo(oldSecret);
        assertThat(TestRequester.signIn(http(), oldClientId, oldSecret).statusCode()).isEqualTo(401);
        assertThat(requester.signIn(http()).statusCode()).isEqualTo(302);
        assertThat(http().get("/public/oauth2/1/user", grant.bearer()).statusCode())
                .as("reinstated, its residents consent again").isEqualTo(401);
    }

    @Test
    void rejectionAndRotationChangeOnlyWhatTheyMay() throws Exception {
        TestRequester pending = TestRequester.named("Rejected").register(http());
        assertThat(post("/api/v1/admin/requesters/" + pending.id + "/reject").statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/admin/requesters/" + pending.id + "/reject").statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/admin/requesters/" + pending.id + "/approve").statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/admin/requesters/" + pending.id + "/credentials").statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/admin/requesters/00000000-0000-0000-0000-000000000000/suspend").statusCode())
                .isEqualTo(404);
        assertThat(post("/api/v1/admin/requesters/nonsense/suspend").statusCode()).isEqualTo(404);

        TestRequester requester = TestRequester.approved(http(), TOKEN);
        assertThat(tokenEndpoint(requester.clientId, requester.clientSecret).statusCode())
                .as("the secret authenticates; the grant is refused").isEqualTo(400);
        HttpResponse<String> rotated = post("/api/v1/admin/requesters/" + requester.id + "/credentials");
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(tokenEndpoint(requester.clientId, requester.clientSecret).statusCode())
                .as("the old secret, at once on this node").isEqualTo(401);
        Map<String, Object> credentials = JSONObjectUtils.parse(rotated.body());
        assertThat(credentials).containsEntry("clientId", requester.clientId);
        assertThat((String) credentials.get("clientSecret")).isNotEqualTo(requester.clientSecret);
        assertThat(requester.signIn(http()).statusCode()).as("the old secret").isEqualTo(401);
        assertThat(TestRequester.signIn(http(), requester.clientId, (String) credentials.get("clientSecret"))
                .statusCode()).isEqualTo(302);
    }

    /** A refresh with a token that names nothing, authenticated with HTTP Basic. */
    private HttpResponse<String> tokenEndpoint(String clientId, String secret) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((clientId + ":" + secret)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return http().postForm("/public/oauth2/1/token", Map.of("grant_type", "refresh_token", "refresh_token",
                "no-such-token"), "Authorization", "Basic " + basic);
    }

    @Test
    void redirectUrisAreReplacedOnlyByValidOnes() throws Exception {
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        String path = "/api/v1/admin/requesters/" + requester.id + "/redirect-uris";

        HttpResponse<String> changed = http().send("PUT", path, "application/json",
                "{\"redirectUris\":[\"https://changed.example.in/cb\",\"in.example.app:/cb\"]}".getBytes(),
                "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> refused = http().send("PUT", path, "application/json",
                "{\"redirectUris\":[\"https://changed.example.in/cb#x\"]}".getBytes(), "Authorization",
                "Bearer " + TOKEN);

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("redirectUris:", "has a fragment");
        assertThat(jdbc.sql("select array_to_string(redirect_uris, ' ') from gateway_requester where id = ?::uuid")
                .param(requester.id).query(String.class).single())
                .isEqualTo("https://changed.example.in/cb in.example.app:/cb");
    }

    @Test
    void noSecretIsKeptInAnyColumnOrWrittenToAnyLogLine(CapturedOutput output) throws Exception {
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        String rotated = (String) JSONObjectUtils.parse(post("/api/v1/admin/requesters/" + requester.id
                + "/credentials").body()).get("clientSecret");

        record Column(String name, String type) {
        }
        List<Column> columns = jdbc.sql("""
                select column_name, data_type from information_schema.columns
                 where table_name = 'gateway_requester' and data_type in ('text', 'bytea', 'ARRAY')""")
                .query((rs, n) -> new Column(rs.getString(1), rs.getString(2))).list();
        assertThat(columns).extracting(Column::name).contains("client_secret_hash", "client_secret_sealed", "name");
        for (String secret : List.of(requester.clientSecret, rotated)) {
            for (Column column : columns) {
                String bytes = switch (column.type()) {
                    case "bytea" -> column.name();
                    case "ARRAY" -> "convert_to(array_to_string(" + column.name() + ", ' '), 'UTF8')";
                    default -> "convert_to(" + column.name() + ", 'UTF8')";
                };
                assertThat(jdbc.sql("select count(*) from gateway_requester where position(? in " + bytes + ") > 0")
                        .param(secret.getBytes(StandardCharsets.UTF_8)).query(Integer.class).single())
                        .as(column.name()).isZero();
            }
            assertThat(output.getAll()).doesNotContain(secret);
        }
        assertThat(jdbc.sql("select count(*) from gateway_requester where id = ?::uuid and client_secret_hash is not null"
                + " and client_secret_sealed is not null").param(requester.id).query(Integer.class).single())
                .as("the secret is there, hashed and sealed").isOne();
        assertThat(jdbc.sql("select count(*) from audit_entry where details like ?")
                .param("%" + rotated + "%").query(Integer.class).single()).isZero();
    }

    @Test
    void theAuthorizationServerKnowsApprovedRequestersOnlyAndChecksTheirSecretByItsHash() throws Exception {
        TestRequester web = TestRequester.approved(http(), TOKEN);
        TestRequester device = TestRequester.named("Device").register(http()).approve(http(), TOKEN, "DEVICE");
        TestRequester pending = TestRequester.named("Pending").register(http());

        RegisteredClient client = clients.findByClientId(web.clientId);

        assertThat(client).isNotNull();
        assertThat(clients.findById(web.id)).isNotNull();
        assertThat(client.getRedirectUris()).containsExactlyInAnyOrderElementsOf(web.redirectUris);
        assertThat(client.getAuthorizationGrantTypes()).containsExactlyInAnyOrder(
                AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN);
        assertThat(client.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(client.getClientSettings().isRequireAuthorizationConsent()).isTrue();
        assertThat(client.getTokenSettings().getAccessTokenFormat()).isEqualTo(OAuth2TokenFormat.REFERENCE);
        assertThat(client.getTokenSettings().isReuseRefreshTokens()).isFalse();
        assertThat(client.getTokenSettings().getAccessTokenTimeToLive()).isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(client.getClientSecret()).isNotEqualTo(web.clientSecret);
        assertThat(secrets.passwordEncoder().matches(web.clientSecret, client.getClientSecret())).isTrue();
        assertThat(secrets.passwordEncoder().matches(web.clientSecret + "x", client.getClientSecret())).isFalse();
        assertThat(clients.findByClientId(device.clientId).getClientAuthenticationMethods())
                .containsExactly(ClientAuthenticationMethod.NONE);
        assertThat(clients.findByClientId(device.clientId).getAuthorizationGrantTypes())
                .containsExactly(AuthorizationGrantType.DEVICE_CODE);
        assertThat(clients.findById(pending.id)).isNull();

        post("/api/v1/admin/requesters/" + web.id + "/suspend");
        assertThat(clients.findByClientId(web.clientId)).as("suspended: unknown at once").isNull();
    }

    @Test
    void aNewSigningKeyIsListedAtOnce() throws Exception {
        HttpResponse<String> rotation = post("/api/v1/admin/gateway/key-rotations");

        assertThat(rotation.statusCode()).isEqualTo(200);
        String kid = (String) JSONObjectUtils.parse(rotation.body()).get("kid");
        assertThat(JWKSet.parse(http().get("/public/oauth2/1/jwks").body()).getKeyByKeyId(kid)).isNotNull();
        assertThat(http().postJson("/api/v1/admin/gateway/key-rotations", "").statusCode()).isEqualTo(401);
    }

    /**
     * A stranger's JSON is bounded by its declared length before Jackson reads it: a registration's body declared as
     * 100 MB is answered 413 at once, without a byte of it sent, and one of unknown length 411; neither leaves a
     * row. Before, the body was read and parsed whole, and only then was the address counted.
     */
    @Test
    void aStrangersJsonBodyIsBoundedBeforeItIsRead() throws Exception {
        long before = count("select count(*) from gateway_requester");
        for (String path : List.of("/api/v1/requesters/registrations", "/api/v1/issuers/registrations")) {
            String tooLarge = send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + 100L * 1024 * 1024 + "\r\nConnection: close\r\n\r\n");
            String unknownLength = send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/json; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");

            assertThat(tooLarge).as(path).startsWith("HTTP/1.1 413").contains("without signing in");
            assertThat(unknownLength).as(path).startsWith("HTTP/1.1 411").contains("Content-Length");
        }
        assertThat(count("select count(*) from gateway_requester")).isEqualTo(before);
    }

    /**
     * Sends the head of a request and reads the answer to the end of its declared length (Tomcat keeps the
     * connection open, waiting for the body it will discard); an answer that waits for the body times out.
     */
    private String send(String head) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            for (int n; (n = socket.getInputStream().read(buffer)) >= 0;) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                int end = answer.indexOf("\r\n\r\n");
                Matcher length = Pattern.compile("(?i)content-length: *([0-9]+)").matcher(answer);
                if (end >= 0 && length.find() && answer.length() - end - 4 >= Integer.parseInt(length.group(1))) {
                    break;
                }
            }
            return answer.toString();
        }
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http().postJson(path, "", "Authorization", "Bearer " + TOKEN);
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private WebClient administrator() throws Exception {
        WebClient admin = http();
        assertThat(admin.signIn(RequesterTestContext.ADMIN, RequesterTestContext.PASSWORD).statusCode()).isEqualTo(302);
        return admin;
    }

    static String shown(Pattern pattern, String page) {
        Matcher matcher = pattern.matcher(page);
        assertThat(matcher.find()).as("shown on the page").isTrue();
        return matcher.group(1);
    }

    /** The section of a page with the given id, to its end. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("section " + id).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }
}
