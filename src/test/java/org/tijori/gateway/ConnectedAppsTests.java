package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.GrantedAccess.Access;
import org.tijori.gateway.token.Authorizations;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /profile/apps} (ADR 23): a resident sees every requester with access, what it reaches in words and what
 * it reached, downloads each consent's receipt (checked with jose4j against the published JWKS), and revokes one,
 * which stops that requester's very next call and no other's; another resident's consent is not found; deleting
 * the account ends every consent.
 */
@RequesterTestContext
class ConnectedAppsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    Consents consents;

    @Autowired
    Authorizations authorizations;

    GrantedAccess granted() {
        return new GrantedAccess(accounts, consents, authorizations);
    }

    StoredTokens.Requester requester(String name, String organisation) {
        StoredTokens.Requester requester = new StoredTokens(jdbc).approvedRequester();
        jdbc.sql("update gateway_requester set name = ?, organisation = ? where id = ?")
                .params(name, organisation, requester.id()).update();
        return requester;
    }

    WebClient signedIn(ResidentAccount resident) throws Exception {
        var web = new WebClient(port);
        web.signIn(resident.username(), GrantedAccess.PASSWORD);
        return web;
    }

    int userCall(Access access) throws Exception {
        return new WebClient(port).get("/public/oauth2/1/user", access.bearer()).statusCode();
    }

    @Test
    void aResidentSeesEachAppWhatItReachesAndWhatItReached() throws Exception {
        ResidentAccount resident = granted().newResident();
        StoredTokens.Requester bank = requester("Savings account opening", "Example Bank Ltd");
        StoredTokens.Requester employer = requester("Joining formalities", "Example Employer Pvt Ltd");
        Access toBank = granted().grant(resident, bank.id(), bank.clientId(), "userdetails", "files.issueddocs");
        granted().grant(resident, employer.id(), employer.clientId(), ConsentDuration.MONTH, false,
                List.of("in.gov.cbse-HSCER-20140001"), "userdetails", "files.issueddocs", "files.uploadeddocs");
        jdbc.sql("""
                insert into gateway_access (id, consent_id, account_id, operation, document, first_at, last_at, times)
                values (gen_random_uuid(), ?, ?, 'file', 'in.gov.cbse-HSCER-20149999', now(), now(), 1)""")
                .params(toBank.consent().id().value(), resident.id().value()).update();

        HttpResponse<String> page = signedIn(resident).get("/profile/apps");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Savings account opening", "Example Bank Ltd", "Joining formalities",
                "Example Employer Pvt Ltd", "Your name, date of birth, gender and locker ID",
                "Every issued document, also those issued later", "Only these issued documents:",
                "in.gov.cbse-HSCER-20140001", "The documents you uploaded", "Read a document",
                "in.gov.cbse-HSCER-20149999", "Download the consent receipt")
                .doesNotContain("apps.", "Earlier consents");
        assertThat(page.body().split("Revoke the access of", -1)).as("one Revoke button for each app").hasSize(3);

        HttpResponse<String> hindi = signedIn(resident).get("/profile/apps?lang=hi");
        assertThat(hindi.body()).contains("आपके लॉकर तक पहुँच वाले ऐप", "आपका नाम, जन्मतिथि, लिंग और लॉकर आईडी")
                .doesNotContain("apps.");
    }

    @Test
    void revokingAnAppStopsItsNextCallAndNoOtherAndItsReceiptStillVerifies() throws Exception {
        ResidentAccount resident = granted().newResident();
        StoredTokens.Requester bank = requester("Loan application", "Example Bank Ltd");
        StoredTokens.Requester insurer = requester("Policy purchase", "Example Insurance Ltd");
        Access toBank = granted().grant(resident, bank.id(), bank.clientId(), "userdetails");
        Access toInsurer = granted().grant(resident, insurer.id(), insurer.clientId(), "userdetails");
        assertThat(userCall(toBank)).as("a live token is let through").isEqualTo(200);
        WebClient web = signedIn(resident);

        HttpResponse<String> receipt = web.get("/profile/apps/" + toBank.consent().id().value() + "/receipt.jwt");
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/jwt"));
        assertThat(receipt.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                disposition -> assertThat(disposition).startsWith("attachment"));
        String jwks = new WebClient(port).get("/public/oauth2/1/jwks").body();
        JwtClaims claims = new JwtConsumerBuilder().setRequireJwtId().setSkipDefaultAudienceValidation()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .build().processToClaims(receipt.body());
        assertThat(claims.getJwtId()).isEqualTo(toBank.consent().id().value().toString());
        assertThat(claims.getClaimValueAsString("piiPrincipalId")).isEqualTo(resident.lockerId().toString());

        String csrf = WebClient.csrfTokenOf(web.get("/profile/apps").body());
        HttpResponse<String> revoked = web.postForm("/profile/apps/" + toBank.consent().id().value() + "/revoke",
                Map.of("_csrf", csrf));

        assertThat(revoked.statusCode()).isEqualTo(302);
        assertThat(revoked.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/profile/apps?revoked"));
        assertThat(userCall(toBank)).as("the revoked app's very next call").isEqualTo(401);
        assertThat(userCall(toInsurer)).as("another app of the same resident").isEqualTo(200);
        assertThat(jdbc.sql("select ended_by from gateway_consent where id = ?")
                .param(toBank.consent().id().value()).query(String.class).single()).isEqualTo("RESIDENT");
        HttpResponse<String> after = web.get("/profile/apps?revoked");
        assertThat(after.body()).contains("The app can no longer reach your locker.", "Earlier consents",
                "Revoked by you on");
        assertThat(web.get("/profile/apps/" + toBank.consent().id().value() + "/receipt.jwt").statusCode())
                .as("the receipt of an ended consent stays the resident's").isEqualTo(200);
        assertThat(web.get("/activity?kind=partners").body()).contains("access to your locker ended",
                "Let an app reach your locker");
    }

    @Test
    void anotherResidentsConsentIsAsOneThatDoesNotExist() throws Exception {
        ResidentAccount owner = granted().newResident();
        StoredTokens.Requester bank = requester("Account opening", "Example Bank Ltd");
        Access access = granted().grant(owner, bank.id(), bank.clientId(), "userdetails");
        WebClient stranger = signedIn(granted().newResident());
        String id = access.consent().id().value().toString();

        assertThat(stranger.get("/profile/apps/" + id + "/receipt.jwt").statusCode()).isEqualTo(404);
        String csrf = WebClient.csrfTokenOf(stranger.get("/profile/apps").body());
        assertThat(stranger.postForm("/profile/apps/" + id + "/revoke", Map.of("_csrf", csrf)).statusCode())
                .isEqualTo(404);
        assertThat(stranger.postForm("/profile/apps/not-a-consent/revoke", Map.of("_csrf", csrf)).statusCode())
                .isEqualTo(404);
        assertThat(stranger.get("/profile/apps").body()).doesNotContain("Account opening");
        assertThat(userCall(access)).as("the owner's app is untouched").isEqualTo(200);
        assertThat(new WebClient(port).get("/profile/apps/" + id + "/receipt.jwt").statusCode())
                .as("not signed in: to the sign-in page").isEqualTo(302);
    }

    @Test
    void askingForTheAccountToBeDeletedEndsEveryConsentAtOnce() throws Exception {
        ResidentAccount resident = granted().newResident();
        StoredTokens.Requester bank = requester("Fixed deposit", "Example Bank Ltd");
        Access access = granted().grant(resident, bank.id(), bank.clientId(), "userdetails");
        WebClient web = signedIn(resident);
        String csrf = WebClient.csrfTokenOf(web.get("/profile").body());

        web.postForm("/profile/delete", Map.of("_csrf", csrf, "password", GrantedAccess.PASSWORD, "confirm", "yes"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                "select ended_by from gateway_consent where id = ?").param(access.consent().id().value())
                .query(String.class).single()).isEqualTo("ACCOUNT"));
        assertThat(userCall(access)).isEqualTo(401);
    }
}
