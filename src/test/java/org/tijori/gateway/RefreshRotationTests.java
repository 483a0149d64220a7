package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditTrail;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.Authorizations;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Refresh tokens rotate, and one used twice revokes its whole family (ADR 23, RFC 9700 4.14.2): the newest pair dies
 * with it and the consent ends. Spring Security alone would leave the newest pair alive.
 */
@RequesterTestContext
class RefreshRotationTests {

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
    AuditTrail trail;

    FlowFixture flows;

    @BeforeEach
    void flows() {
        flows = new FlowFixture(port, accounts, consents, authorizations);
    }

    @Test
    void eachRefreshAnswersANewPair() throws Exception {
        PartnerClient partner = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());
        Map<String, Object> tokens = PartnerClient.json(partner.exchange(partner.code(browser, null)));
        List<Object> seen = new ArrayList<>(List.of(tokens.get("access_token"), tokens.get("refresh_token")));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refreshed = partner.refresh((String) tokens.get("refresh_token"));
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            tokens = PartnerClient.json(refreshed);
            assertThat(seen).doesNotContain(tokens.get("access_token"), tokens.get("refresh_token"));
            seen.add(tokens.get("access_token"));
            seen.add(tokens.get("refresh_token"));
        }
        accessTokens.introspect((String) tokens.get("access_token"));
    }

    @Test
    void anOldRefreshTokenUsedAgainRevokesTheNewestPairAndEndsTheConsent() throws Exception {
        PartnerClient partner = flows.partner();
        var resident = flows.resident();
        WebClient browser = flows.signedIn(resident);
        Map<String, Object> first = PartnerClient.json(partner.exchange(partner.code(browser, null)));
        Map<String, Object> second = PartnerClient.json(partner.refresh((String) first.get("refresh_token")));
        accessTokens.introspect((String) second.get("access_token"));

        HttpResponse<String> reused = partner.refresh((String) first.get("refresh_token"));

        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(PartnerClient.json(reused)).containsEntry("error", "invalid_grant");
        assertThatThrownBy(() -> accessTokens.introspect((String) second.get("access_token")))
                .isInstanceOf(BadOpaqueTokenException.class);
        assertThat(partner.refresh((String) second.get("refresh_token")).statusCode()).isEqualTo(400);
        assertThat(consents.of(resident.id()).get(0).endedBy()).isEqualTo(Consent.EndedBy.REUSE);
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 20))
                .extracting(entry -> entry.action()).contains("gateway.TokenFamilyRevoked", "gateway.ConsentEnded"));
    }

    @Test
    void twoRefreshesWithOneTokenAtOnceGetAtMostOnePair() throws Exception {
        PartnerClient partner = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());
        Map<String, Object> first = PartnerClient.json(partner.exchange(partner.code(browser, null)));
        String refresh = (String) first.get("refresh_token");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> racers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racers.add(() -> partner.refresh(refresh).statusCode());
            }
            int answered = 0;
            for (Future<Integer> status : threads.invokeAll(racers)) {
                assertThat(status.get()).isIn(200, 400);
                answered += status.get() == 200 ? 1 : 0;
            }
            assertThat(answered).isLessThanOrEqualTo(1);
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void thisTimeOnlyGivesNoRefreshToken() throws Exception {
        PartnerClient partner = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());
        HttpResponse<String> allowed = partner.consent(browser, partner.request(null),
                Map.of("decision", "allow", "duration", "once"));
        Map<String, Object> tokens = PartnerClient.json(partner.exchange(
                PartnerClient.redirectParameters(allowed).get("code")));
        assertThat(tokens).containsKey("access_token").doesNotContainKey("refresh_token");
        assertThat(((Number) tokens.get("expires_in")).longValue()).isLessThanOrEqualTo(3600);
    }
}
