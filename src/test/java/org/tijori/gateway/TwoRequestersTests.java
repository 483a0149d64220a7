package org.tijori.gateway;

import java.net.http.HttpResponse;
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
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One requester never uses another's code or token (ADR 23): Spring Security's checks that each is bound to its
 * client, and a resident's consents to different requesters that end one by one.
 */
@RequesterTestContext
class TwoRequestersTests {

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

    FlowFixture flows;

    @BeforeEach
    void flows() {
        flows = new FlowFixture(port, accounts, consents, authorizations);
    }

    @Test
    void aRequesterPresentingAnothersCodeGetsNothingAndTheCodeDies() throws Exception {
        PartnerClient a = flows.partner();
        PartnerClient b = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());
        String bsCode = b.code(browser, null);

        HttpResponse<String> stolen = a.http.postForm(PartnerClient.TOKEN, Map.of("grant_type", "authorization_code",
                "code", bsCode, "redirect_uri", b.redirectUri(), "code_verifier", b.verifier), a.basic());

        assertThat(stolen.statusCode()).isEqualTo(400);
        assertThat(PartnerClient.json(stolen)).containsEntry("error", "invalid_grant");
        assertThat(PartnerClient.json(b.exchange(bsCode))).as("B's code is then dead").containsEntry("error",
                "invalid_grant");
    }

    @Test
    void aRequesterCanNeitherRefreshNorRevokeAnothersTokens() throws Exception {
        PartnerClient a = flows.partner();
        PartnerClient b = flows.partner();
        WebClient browser = flows.signedIn(flows.resident());
        Map<String, Object> bs = PartnerClient.json(b.exchange(b.code(browser, null)));

        HttpResponse<String> refreshed = a.refresh((String) bs.get("refresh_token"));
        assertThat(refreshed.statusCode()).isEqualTo(400);
        assertThat(PartnerClient.json(refreshed)).containsEntry("error", "invalid_grant");

        HttpResponse<String> revoked = a.revoke((String) bs.get("access_token"));
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(PartnerClient.json(revoked)).containsEntry("error", "invalid_client");

        accessTokens.introspect((String) bs.get("access_token"));
        assertThat(b.refresh((String) bs.get("refresh_token")).statusCode()).as("B's own still work")
                .isEqualTo(200);
    }

    @Test
    void aResidentEndingOneOfThreeConsentsLeavesTheOtherTwo() throws Exception {
        var resident = flows.resident();
        WebClient browser = flows.signedIn(resident);
        PartnerClient[] requesters = { flows.partner(), flows.partner(), flows.partner() };
        String[] tokens = new String[3];
        for (int i = 0; i < 3; i++) {
            tokens[i] = (String) PartnerClient.json(requesters[i].exchange(requesters[i].code(browser, null)))
                    .get("access_token");
        }
        Consent first = consents.find(((org.tijori.gateway.token.PartnerAccess) accessTokens.introspect(tokens[0]))
                .consent()).orElseThrow();

        assertThat(consents.endFor(resident.id(), first.id(), Consent.EndedBy.RESIDENT)).isTrue();

        assertThatThrownBy(() -> accessTokens.introspect(tokens[0])).isInstanceOf(BadOpaqueTokenException.class);
        accessTokens.introspect(tokens[1]);
        accessTokens.introspect(tokens[2]);
    }
}
