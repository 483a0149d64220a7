package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.Authorizations;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redirect URIs matched exactly and PKCE with S256 required (ADR 23, RFC 9700): every near miss of a registered
 * redirect URI is Tijori's own error page, never a redirect; a code is bound to its client, redirect URI and verifier,
 * lives briefly and serves once, and presented again it revokes what it issued.
 */
@RequesterTestContext
class RedirectAndPkceTests {

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
    JdbcClient jdbc;

    FlowFixture flows;

    @BeforeEach
    void flows() {
        flows = new FlowFixture(port, accounts, consents, authorizations);
    }

    @Test
    void everyNearMissOfARegisteredRedirectUriIsTijorisErrorPage() throws Exception {
        PartnerClient partner = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());
        String https = partner.requester.redirectUris.get(0);
        String loopback = partner.requester.redirectUris.get(1);
        int port = java.net.URI.create(loopback).getPort();
        for (String nearMiss : new String[] { "https://attacker.example/callback", https + "/more", https + "x",
                https.substring(0, https.length() - 1), https.toUpperCase(), https + "/",
                loopback.replace(":" + port + "/", ":" + (port + 1) + "/"), https + "?next=x", "" }) {
            Map<String, String> request = partner.request(null);
            if (nearMiss.isEmpty()) {
                request.remove("redirect_uri");
            }
            else {
                request.put("redirect_uri", nearMiss);
            }
            HttpResponse<String> answer = browser.get(PartnerClient.authorizeUrl(request));
            assertThat(answer.statusCode()).as(nearMiss).isEqualTo(400);
            assertThat(answer.headers().firstValue("Location")).as(nearMiss).isEmpty();
            assertThat(answer.body()).as(nearMiss).contains("id=\"authorize-error\"", "invalid_request");
        }
        HttpResponse<String> anonymous = flows.http().get(PartnerClient.authorizeUrl(
                with(partner.request(null), "redirect_uri", "https://attacker.example/callback")));
        assertThat(anonymous.statusCode()).as("before any sign-in").isEqualTo(400);
        HttpResponse<String> unknownClient = browser.get(PartnerClient.authorizeUrl(
                with(partner.request(null), "client_id", "NOSUCHCLNT")));
        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(unknownClient.headers().firstValue("Location")).isEmpty();
        HttpResponse<String> exact = browser.get(PartnerClient.authorizeUrl(
                with(partner.request(null), "redirect_uri", loopback)));
        assertThat(PartnerClient.location(exact)).as("the registered loopback URI").contains("/consent?");
    }

    @Test
    void aRequestWithoutS256IsSentBackRefused() throws Exception {
        PartnerClient partner = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());
        Map<String, String> noChallenge = partner.request(null);
        noChallenge.remove("code_challenge");
        noChallenge.remove("code_challenge_method");
        Map<String, String> plain = with(with(partner.request(null), "code_challenge", partner.verifier),
                "code_challenge_method", "plain");
        for (Map<String, String> request : java.util.List.of(noChallenge, plain)) {
            HttpResponse<String> refused = browser.get(PartnerClient.authorizeUrl(request));
            assertThat(refused.statusCode()).isEqualTo(302);
            assertThat(PartnerClient.location(refused)).startsWith(partner.redirectUri() + "?");
            assertThat(PartnerClient.redirectParameters(refused)).containsEntry("error", "invalid_request")
                    .containsEntry("state", partner.state).containsKey("error_description");
        }
        Map<String, String> capitalised = partner.request(null);
        capitalised.put("Code_challenge", capitalised.remove("code_challenge"));
        capitalised.put("Code_challenge_method", capitalised.remove("code_challenge_method"));
        HttpResponse<String> allowed = PartnerClient.answerAsBrowser(browser, browser.get(PartnerClient.pathOf(
                PartnerClient.location(browser.get(PartnerClient.authorizeUrl(capitalised))))).body(),
                Map.of("decision", "allow"));
        String code = PartnerClient.redirectParameters(allowed).get("code");
        assertThat(partner.exchange(code).statusCode()).as("DigiLocker's spelling").isEqualTo(200);
    }

    @Test
    void aCodeNeedsItsVerifierItsRedirectUriAndItsTime() throws Exception {
        PartnerClient partner = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());

        String code = partner.code(browser, null);
        HttpResponse<String> wrongVerifier = partner.http.postForm(PartnerClient.TOKEN, Map.of("grant_type",
                "authorization_code", "code", code, "redirect_uri", partner.redirectUri(), "code_verifier",
                partner.verifier + "x"), partner.basic());
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(PartnerClient.json(wrongVerifier)).containsEntry("error", "invalid_grant")
                .containsKey("error_description");

        code = partner.code(browser, null);
        HttpResponse<String> otherRedirect = partner.http.postForm(PartnerClient.TOKEN, Map.of("grant_type",
                "authorization_code", "code", code, "redirect_uri", partner.requester.redirectUris.get(1),
                "code_verifier", partner.verifier), partner.basic());
        assertThat(PartnerClient.json(otherRedirect)).containsEntry("error", "invalid_grant");

        code = partner.code(browser, null);
        jdbc.sql("update gateway_authorization set code_issued_at = now() - interval '2 minutes',"
                + " code_expires_at = now() - interval '1 minute' where code_hash = ?")
                .param(AccessTokens.sha256(code)).update();
        assertThat(PartnerClient.json(partner.exchange(code))).as("after its life").containsEntry("error",
                "invalid_grant");
    }

    @Test
    void aCodePresentedTwiceRevokesWhatItIssuedAndEndsTheConsent() throws Exception {
        PartnerClient partner = flows.partner();
        var resident = flows.resident();
        WebClient browser = flows.signedIn(resident);
        String code = partner.code(browser, null);
        Map<String, Object> first = PartnerClient.json(partner.exchange(code));
        accessTokens.introspect((String) first.get("access_token"));

        HttpResponse<String> again = partner.exchange(code);

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(PartnerClient.json(again)).containsEntry("error", "invalid_grant");
        assertThatThrownBy(() -> accessTokens.introspect((String) first.get("access_token")))
                .isInstanceOf(BadOpaqueTokenException.class);
        assertThat(partner.refresh((String) first.get("refresh_token")).statusCode()).isEqualTo(400);
        assertThat(consents.of(resident.id()).get(0).endedBy()).isEqualTo(Consent.EndedBy.REUSE);
    }

    static Map<String, String> with(Map<String, String> request, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(request);
        changed.put(name, value);
        return changed;
    }
}
