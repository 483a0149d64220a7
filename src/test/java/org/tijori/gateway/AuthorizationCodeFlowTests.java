package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.PartnerAccess;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * DigiLocker's authorization code flow over HTTP (ADR 23): a requester sends a resident to authorize, the resident
 * signs in (and comes back), consents, and the requester exchanges the code for tokens in every way DigiLocker's
 * clients send them, refreshes and revokes.
 */
@RequesterTestContext
class AuthorizationCodeFlowTests {

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    Consents consents;

    @Autowired
    Authorizations authorizations;

    @Autowired
    AccessTokens accessTokens;

    @Autowired
    StateDirectory state;

    WebClient http() {
        return new WebClient(port);
    }

    ResidentAccount resident() {
        return new GrantedAccess(accounts, consents, authorizations).newResident();
    }

    PartnerClient partner() throws Exception {
        return new PartnerClient(TestRequester.approved(http(), RequesterTestContext.TOKEN), http());
    }

    @Test
    void aResidentSignsInOnTheWayConsentsAndTheRequesterGetsTokensWithEveryDigiLockerField() throws Exception {
        PartnerClient partner = partner();
        ResidentAccount resident = resident();
        WebClient browser = http();
        Map<String, String> request = partner.request("files.issueddocs openid");
        request.put("nonce", "n-0S6_WzA2Mj");

        HttpResponse<String> toSignIn = browser.get(PartnerClient.authorizeUrl(request));
        assertThat(toSignIn.statusCode()).isEqualTo(302);
        assertThat(PartnerClient.location(toSignIn)).endsWith("/login");
        HttpResponse<String> signedIn = browser.signIn(resident.username(), GrantedAccess.PASSWORD);
        assertThat(PartnerClient.location(signedIn)).as("back to the authorization request")
                .contains(PartnerClient.AUTHORIZE + "?").contains("client_id=" + partner.requester.clientId);
        HttpResponse<String> toConsent = browser.get(PartnerClient.pathOf(PartnerClient.location(signedIn)));
        assertThat(PartnerClient.location(toConsent)).contains("/consent?");
        HttpResponse<String> page = browser.get(PartnerClient.pathOf(PartnerClient.location(toConsent)));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(partner.requester.name, "Test Bank Ltd", "Opening savings accounts");
        HttpResponse<String> allowed = PartnerClient.answerWith(browser, page.body(), "scope", "files.issueddocs",
                "duration", "month", "document", "all", "decision", "allow");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(302);
        assertThat(PartnerClient.location(allowed)).startsWith(partner.redirectUri() + "?");
        Map<String, String> answer = PartnerClient.redirectParameters(allowed);
        assertThat(answer).containsEntry("state", partner.state).containsKey("code");

        HttpResponse<String> tokens = partner.exchange(answer.get("code"));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        Map<String, Object> issued = PartnerClient.json(tokens);
        assertThat(issued).containsKeys("access_token", "refresh_token", "expires_in", "scope", "id_token",
                "digilockerid", "digilocker_id", "name", "dob", "gender", "eaadhaar", "eaadhar", "reference_key");
        assertThat(issued.get("token_type")).isEqualTo("Bearer");
        assertThat(issued.get("digilockerid")).isEqualTo(resident.lockerId().toString())
                .isEqualTo(issued.get("digilocker_id"));
        assertThat(issued.get("name")).isEqualTo(resident.username());
        assertThat(issued.get("eaadhaar")).isEqualTo("N").isEqualTo(issued.get("eaadhar"));
        assertThat((String) issued.get("reference_key")).matches("[0-9a-f]{32}");
        assertThat(((Number) issued.get("expires_in")).longValue()).isBetween(3500L, 3600L);
        assertThat(PartnerClient.scopes(issued)).contains("userdetails", "files.issueddocs", "openid");

        PartnerAccess access = (PartnerAccess) accessTokens.introspect((String) issued.get("access_token"));
        assertThat(access.locker()).isEqualTo(resident.lockerId());
        assertThat(access.clientId()).isEqualTo(partner.requester.clientId);
        assertThat(access.allIssued()).isTrue();
        assertThat(consents.find(access.consent()).orElseThrow().duration()).isEqualTo(ConsentDuration.MONTH);
        HttpResponse<String> user = http().get("/public/oauth2/1/user", "Authorization",
                "Bearer " + issued.get("access_token"));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
        assertThat(PartnerClient.json(user)).as("the user details say what the token answer said")
                .containsEntry("digilockerid", issued.get("digilockerid"))
                .containsEntry("reference_key", issued.get("reference_key"))
                .containsEntry("name", issued.get("name"));
    }

    @Test
    void theCodeIsExchangedAsJsonWithTheSecretInTheBodyAtTheSecondPathAndTokensRefreshAndRevoke() throws Exception {
        PartnerClient partner = partner();
        ResidentAccount resident = resident();
        WebClient browser = http();
        browser.signIn(resident.username(), GrantedAccess.PASSWORD);
        String code = partner.code(browser, "files.uploadeddocs");

        HttpResponse<String> tokens = http().postJson("/public/oauth2/2/token", """
                {"grant_type":"authorization_code","code":"%s","redirect_uri":"%s","code_verifier":"%s",
                 "client_id":"%s","client_secret":"%s"}""".formatted(code, partner.redirectUri(), partner.verifier,
                partner.requester.clientId, partner.requester.clientSecret));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        Map<String, Object> issued = PartnerClient.json(tokens);
        assertThat(issued).doesNotContainKey("id_token");
        assertThat(PartnerClient.scopes(issued)).containsExactlyInAnyOrder("userdetails", "files.uploadeddocs");

        HttpResponse<String> refreshed = http().postJson(PartnerClient.TOKEN, """
                {"grant_type":"refresh_token","refresh_Token":"%s","client_id":"%s","client_secret":"%s"}"""
                .formatted(issued.get("refresh_token"), partner.requester.clientId, partner.requester.clientSecret));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        Map<String, Object> again = PartnerClient.json(refreshed);
        assertThat(again.get("access_token")).isNotEqualTo(issued.get("access_token"));
        assertThat(again.get("refresh_token")).isNotEqualTo(issued.get("refresh_token"));
        assertThat(again.get("digilockerid")).isEqualTo(resident.lockerId().toString());
        accessTokens.introspect((String) again.get("access_token"));

        HttpResponse<String> revoked = partner.revoke((String) again.get("refresh_token"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThatThrownBy(() -> accessTokens.introspect((String) again.get("access_token")))
                .as("the consent ended with the revoked token").isInstanceOf(BadOpaqueTokenException.class);
        assertThat(partner.refresh((String) again.get("refresh_token")).statusCode()).isEqualTo(400);
        assertThat(consents.of(resident.id()).get(0).endedBy()).isEqualTo(
                org.tijori.gateway.consent.Consent.EndedBy.REQUESTER);
    }

    @Test
    void anAccessTokenAloneRevokesItsOwnAuthorization() throws Exception {
        PartnerClient partner = partner();
        ResidentAccount resident = resident();
        WebClient browser = http();
        browser.signIn(resident.username(), GrantedAccess.PASSWORD);
        Map<String, Object> issued = PartnerClient.json(partner.exchange(partner.code(browser, null)));
        String access = (String) issued.get("access_token");
        accessTokens.introspect(access);

        HttpResponse<String> revoked = http().postForm(PartnerClient.REVOKE, Map.of("token", access),
                "Authorization", "Bearer " + access);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        assertThatThrownBy(() -> accessTokens.introspect(access)).isInstanceOf(BadOpaqueTokenException.class);
        assertThat(partner.refresh((String) issued.get("refresh_token")).statusCode()).isEqualTo(400);
        HttpResponse<String> again = http().postForm(PartnerClient.REVOKE, Map.of("token", access),
                "Authorization", "Bearer " + access);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(PartnerClient.json(again)).containsEntry("error", "invalid_token")
                .containsKey("error_description");
    }

    @Test
    void withoutCredentialsTheTokenEndpointIsInvalidClient() throws Exception {
        HttpResponse<String> refused = http().postForm(PartnerClient.TOKEN, Map.of("grant_type", "refresh_token",
                "refresh_token", org.tijori.gateway.token.ReferenceTokens.newValue()));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(PartnerClient.json(refused)).containsEntry("error", "invalid_client")
                .containsKey("error_description");
        PartnerClient partner = partner();
        HttpResponse<String> wrongSecret = http().postForm(PartnerClient.TOKEN, Map.of("grant_type",
                "refresh_token", "refresh_token", "x".repeat(43), "client_id", partner.requester.clientId,
                "client_secret", "not-the-secret"));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(PartnerClient.json(wrongSecret)).containsEntry("error", "invalid_client");
        HttpResponse<String> notJson = http().postJson(PartnerClient.TOKEN, "[1,2]");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(PartnerClient.json(notJson)).containsEntry("error", "invalid_request");
    }

    @Test
    void dlFlowSignupSendsToSignUpAndTheSignInResumesTheRequest() throws Exception {
        PartnerClient partner = partner();
        ResidentAccount resident = resident();
        WebClient browser = http();
        Map<String, String> request = partner.request("files.issueddocs");
        request.put("dl_flow", "signup");

        HttpResponse<String> toSignUp = browser.get(PartnerClient.authorizeUrl(request));
        assertThat(PartnerClient.location(toSignUp)).endsWith("/signup");
        HttpResponse<String> signedIn = browser.signIn(resident.username(), GrantedAccess.PASSWORD);
        assertThat(PartnerClient.location(signedIn)).contains(PartnerClient.AUTHORIZE + "?")
                .contains("dl_flow=signup");
        HttpResponse<String> toConsent = browser.get(PartnerClient.pathOf(PartnerClient.location(signedIn)));
        assertThat(PartnerClient.location(toConsent)).contains("/consent?");
        assertThat(browser.signIn(resident.username(), GrantedAccess.PASSWORD).headers().firstValue("Location"))
                .as("resumed once only").hasValueSatisfying(next -> assertThat(next).endsWith("/dashboard"));
    }

    @Test
    void aSignUpAsTheRequesterAskedResumesTheRequest() throws Exception {
        PartnerClient partner = partner();
        WebClient browser = http();
        Map<String, String> request = partner.request("files.issueddocs");
        request.put("dl_flow", "signup");
        String mobile = String.valueOf(9_300_000_000L + System.nanoTime() % 100_000_000L);
        assertThat(PartnerClient.location(browser.get(PartnerClient.authorizeUrl(request)))).endsWith("/signup");

        HttpResponse<String> sent = browser.submit("/signup", "/signup", Map.of("mobile", mobile));
        assertThat(PartnerClient.location(sent)).endsWith("/signup/verify");
        SmsOutbox outbox = SmsOutbox.of(state.root());
        await().until(() -> outbox.lastOtpFor(mobile).isPresent());
        browser.submit("/signup/verify", "/signup/verify", Map.of("otp", outbox.lastOtpFor(mobile).orElseThrow()));
        HttpResponse<String> created = browser.submit("/signup/account", "/signup/account",
                Map.of("username", "partner" + mobile.substring(4), "password", GrantedAccess.PASSWORD));

        assertThat(PartnerClient.location(created)).as("back to the requester's request, not the dashboard")
                .contains(PartnerClient.AUTHORIZE + "?").contains("dl_flow=signup");
        HttpResponse<String> toConsent = browser.get(PartnerClient.pathOf(PartnerClient.location(created)));
        assertThat(PartnerClient.location(toConsent)).contains("/consent?");
    }

    @Test
    void aTokenReachesAPartnerOperationUntilItIsRevoked() throws Exception {
        PartnerClient partner = partner();
        WebClient browser = http();
        browser.signIn(resident().username(), GrantedAccess.PASSWORD);
        Map<String, Object> issued = PartnerClient.json(partner.exchange(partner.code(browser, "eaadhaar")));
        String[] bearer = { "Authorization", "Bearer " + issued.get("access_token") };

        HttpResponse<String> reached = http().get("/public/oauth2/2/xml/eaadhaar", bearer);
        assertThat(reached.statusCode()).as(reached.body()).isNotIn(401, 403);
        assertThat(partner.revoke((String) issued.get("access_token")).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = http().get("/public/oauth2/2/xml/eaadhaar", bearer);
        assertThat(refused.statusCode()).isEqualTo(401);
    }
}
