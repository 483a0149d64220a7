package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.tijori.IndianTime;
import org.tijori.WebClient;
import org.tijori.audit.AuditTrail;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The requester portal over HTTP (ADR 23): a requester signs in with its client ID and secret, every wrong
 * credential gets the one refusal, tries are limited per client ID and per address, the portal shows its consents,
 * its calls per day and its newest errors, and a rotation, a suspension or a reinstatement ends the sessions opened
 * with the old credentials.
 */
@RequesterTestContext
class RequesterPortalTests {

    static final String TOKEN = RequesterTestContext.TOKEN;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail trail;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void anApprovedRequesterSignsInAndSeesItsRegistration() throws Exception {
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        WebClient browser = http();

        HttpResponse<String> signedIn = requester.signIn(browser);

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/requester"));
        HttpResponse<String> portal = browser.get("/requester");
        assertThat(portal.statusCode()).isEqualTo(200);
        assertThat(portal.body()).contains(requester.name, requester.clientId, "Test Bank Ltd",
                requester.redirectUris.get(0), "Opening savings accounts", "Approved", "No call yet.")
                .doesNotContain(requester.clientSecret);
        assertThat(portal.body()).doesNotContainPattern("<script>[^<]").doesNotContain("style=\"");
        await().untilAsserted(() -> assertThat(trail.about(requester.id, 10))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("gateway.RequesterSignedIn")));

        HttpResponse<String> signedOut = browser.submit("/requester", "/logout", Map.of());
        assertThat(signedOut.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/requester/login?logout"));
        assertThat(browser.get("/requester").statusCode()).isEqualTo(302);
    }

    @Test
    void theRequestersPagesSpeakHindi() throws Exception {
        WebClient browser = http();
        assertThat(browser.get("/requester/register?lang=hi").body()).contains("lang=\"hi\"",
                "अनुरोधकर्ता के रूप में पंजीकरण");
        assertThat(browser.get("/requester/login").body()).contains("अनुरोधकर्ता पोर्टल");
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        requester.signIn(browser);
        assertThat(browser.get("/requester").body()).contains("नागरिकों की सहमतियाँ", requester.clientId);
    }

    @Test
    void everyWrongCredentialGetsTheSameRefusal() throws Exception {
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        TestRequester pending = TestRequester.named("Pending").register(http());
        TestRequester suspended = TestRequester.approved(http(), TOKEN);
        http().postJson("/api/v1/admin/requesters/" + suspended.id + "/suspend", "", "Authorization",
                "Bearer " + TOKEN);

        HttpResponse<String> wrongSecret = TestRequester.signIn(http(), requester.clientId, "not-the-secret");
        HttpResponse<String> unknownClient = TestRequester.signIn(http(), "ZZZZZZZZZZ", requester.clientSecret);
        HttpResponse<String> notApproved = TestRequester.signIn(http(), suspended.clientId, suspended.clientSecret);
        HttpResponse<String> pendingOne = TestRequester.signIn(http(), pending.id, "anything");

        for (HttpResponse<String> refused : java.util.List.of(wrongSecret, unknownClient, notApproved, pendingOne)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("id=\"requester-login-error\"",
                    "The client ID or client secret is not right.");
        }
        await().untilAsserted(() -> assertThat(trail.about(requester.clientId, 10))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("gateway.RequesterSignInFailed")));
    }

    @Test
    void triesAreLimitedPerClientIdAndPerAddressBeforeTheSecretIsChecked() throws Exception {
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        for (int i = 0; i < 10; i++) {
            assertThat(TestRequester.signIn(http(), requester.clientId, "guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = requester.signIn(http());

        assertThat(throttled.statusCode()).as("even the right secret, once the client ID's tries are spent")
                .isEqualTo(429);
        assertThat(throttled.body()).contains("Too many failed sign-ins.");

        TestRequester other = TestRequester.approved(http(), TOKEN);
        String address = TestRequester.newAddress();
        for (int i = 0; i < 10; i++) {
            assertThat(signInFrom(address, "GUESS" + i, "guess").statusCode()).isEqualTo(401);
        }
        assertThat(signInFrom(address, other.clientId, other.clientSecret).statusCode())
                .as("an address whose tries are spent").isEqualTo(429);
        assertThat(other.signIn(http()).statusCode()).as("from another address").isEqualTo(302);
    }

    @Test
    void thePortalCountsConsentsCallsAndErrors() throws Exception {
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        var tokens = new StoredTokens(jdbc);
        var stored = new StoredTokens.Requester(UUID.fromString(requester.id), requester.clientId);
        tokens.grant(stored, "userdetails");
        tokens.endConsent(tokens.grant(stored, "userdetails"));
        tokens.expireConsent(tokens.grant(stored, "userdetails"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        jdbc.sql("insert into gateway_call_day (requester_id, day, calls, errors) values (?, ?, 543210, 12), (?, ?, 876543, 9)")
                .params(stored.id(), today, stored.id(), today.minusDays(45)).update();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < 60; i++) {
            jdbc.sql("""
                    insert into gateway_call_error (id, requester_id, at, operation, status, error)
                    values (?, ?, ?, 'files/issued', 401, ?)""")
                    .params(UUID.randomUUID(), stored.id(), now.minusMinutes(i), "error_" + i).update();
        }
        WebClient browser = http();
        requester.signIn(browser);

        String portal = browser.get("/requester").body();

        assertThat(portal).contains("id=\"active-consents\">1<", "id=\"total-consents\">3<");
        assertThat(portal).contains(IndianTime.day(today), "543210").doesNotContain("876543")
                .as("older than 30 days").doesNotContain(IndianTime.day(today.minusDays(45)));
        assertThat(portal).contains("error_0", "error_49").doesNotContain("error_50<");
        assertThat(portal.indexOf("error_0<")).as("newest first").isLessThan(portal.indexOf("error_1<"));

        TestRequester other = TestRequester.approved(http(), TOKEN);
        WebClient othersBrowser = http();
        other.signIn(othersBrowser);
        assertThat(othersBrowser.get("/requester").body()).as("another requester sees none of it")
                .contains("id=\"active-consents\">0<").doesNotContain("543210", "error_0");
    }

    @Test
    void rotatingTheSecretEndsEveryOtherSession() throws Exception {
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        WebClient rotating = http();
        WebClient elsewhere = http();
        requester.signIn(rotating);
        requester.signIn(elsewhere);

        HttpResponse<String> rotated = rotating.submit("/requester", "/requester/credentials", Map.of());

        assertThat(rotated.statusCode()).isEqualTo(200);
        String secret = RequesterRegistrationTests.shown(RequesterRegistrationTests.SHOWN_SECRET, rotated.body());
        assertThat(secret).isNotEqualTo(requester.clientSecret);
        assertThat(rotating.get("/requester").statusCode()).as("the session that rotated goes on").isEqualTo(200);
        assertThat(rotating.get("/requester").body()).doesNotContain(secret);
        HttpResponse<String> ended = elsewhere.get("/requester");
        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(ended.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/requester/login?ended"));
        assertThat(requester.signIn(http()).statusCode()).as("the old secret").isEqualTo(401);
        assertThat(TestRequester.signIn(http(), requester.clientId, secret).statusCode()).isEqualTo(302);

        HttpResponse<String> byAdministrator = http().postJson("/api/v1/admin/requesters/" + requester.id
                + "/credentials", "", "Authorization", "Bearer " + TOKEN);
        assertThat(JSONObjectUtils.parse(byAdministrator.body())).containsEntry("clientId", requester.clientId);
        assertThat(rotating.get("/requester").statusCode()).as("an administrator's rotation ends it too")
                .isEqualTo(302);
    }

    @Test
    void suspensionEndsThePortalSession() throws Exception {
        TestRequester requester = TestRequester.approved(http(), TOKEN);
        WebClient browser = http();
        requester.signIn(browser);
        assertThat(browser.get("/requester").statusCode()).isEqualTo(200);

        http().postJson("/api/v1/admin/requesters/" + requester.id + "/suspend", "", "Authorization",
                "Bearer " + TOKEN);

        HttpResponse<String> ended = browser.get("/requester");
        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(ended.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/requester/login?ended"));
        assertThat(browser.follow(ended).body()).contains("Your session has ended");
    }

    private HttpResponse<String> signInFrom(String address, String clientId, String clientSecret) throws Exception {
        WebClient browser = http();
        String csrf = WebClient.csrfTokenOf(browser.get("/requester/login").body());
        return browser.postForm("/requester/login", Map.of("clientId", clientId, "clientSecret", clientSecret,
                "_csrf", csrf), "X-Forwarded-For", address);
    }
}
