package org.tijori.gateway;

import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditTrail;
import org.tijori.gateway.GrantedAccess.Access;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.GatewayKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Consents} (ADR 23): a grant is a row and a signed receipt, an end revokes the consent's tokens in the same
 * transaction, and each is in the resident's activity.
 */
@RequesterTestContext
class ConsentStoreTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    Consents consents;

    @Autowired
    Authorizations authorizations;

    @Autowired
    AccessTokens accessTokens;

    @Autowired
    GatewayKeys keys;

    @Autowired
    AuditTrail trail;

    GrantedAccess granted() {
        return new GrantedAccess(accounts, consents, authorizations);
    }

    @Test
    void aGrantIsStoredWithAReceiptThatVerifiesAgainstTheJwks() throws Exception {
        StoredTokens.Requester requester = new StoredTokens(jdbc).approvedRequester();
        var resident = granted().newResident();
        Access access = granted().grant(resident, requester.id(), requester.clientId(), ConsentDuration.MONTH, false,
                List.of("in.gov.example-DGCER-123"), "userdetails", "files.issueddocs");

        Consent stored = consents.find(access.consent().id()).orElseThrow();
        assertThat(stored.allIssued()).isFalse();
        assertThat(stored.documents()).containsExactly("in.gov.example-DGCER-123");
        assertThat(stored.duration()).isEqualTo(ConsentDuration.MONTH);
        assertThat(java.time.Duration.between(stored.grantedAt(), stored.expiresAt()).toDays()).isEqualTo(30);
        assertThat(consents.of(resident.id())).extracting(Consent::id).containsExactly(stored.id());

        JwtClaims claims = new JwtConsumerBuilder().setRequireJwtId().setSkipDefaultAudienceValidation()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(keys.jwks())
                        .getJsonWebKeys()))
                .build().processToClaims(stored.receipt());
        assertThat(claims.getJwtId()).isEqualTo(stored.id().toString());
        assertThat(claims.getClaimValueAsString("piiPrincipalId")).isEqualTo(resident.lockerId().toString());
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(requester.clientId());
        assertThat(claims.getClaimValueAsString("jurisdiction")).isEqualTo("IN");
        assertThat(claims.getClaimValueAsString("duration")).isEqualTo("MONTH");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> services = (List<Map<String, Object>>) claims.getClaimValue("services");
        assertThat(services.get(0).toString()).contains("EXPLICIT", "files.issueddocs", "in.gov.example-DGCER-123");
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 20))
                .extracting(entry -> entry.action()).contains("gateway.ConsentGranted"));
    }

    @Test
    void endingAConsentRevokesItsTokensAtOnceAndOnlyOnce() {
        StoredTokens.Requester requester = new StoredTokens(jdbc).approvedRequester();
        var resident = granted().newResident();
        Access ended = granted().grant(resident, requester.id(), requester.clientId(), "userdetails");
        Access kept = granted().grant(resident, requester.id(), requester.clientId(), "userdetails");
        accessTokens.introspect(ended.accessToken());

        assertThat(consents.endFor(granted().newResident().id(), ended.consent().id(), Consent.EndedBy.RESIDENT))
                .as("another resident's").isFalse();
        assertThat(consents.end(ended.consent().id(), Consent.EndedBy.RESIDENT)).isTrue();
        assertThat(consents.end(ended.consent().id(), Consent.EndedBy.RESIDENT)).isFalse();

        assertThatThrownBy(() -> accessTokens.introspect(ended.accessToken()))
                .isInstanceOf(BadOpaqueTokenException.class);
        assertThat(authorizations.findById(ended.authorization()).getRefreshToken().isActive()).isFalse();
        assertThat(accessTokens.introspect(kept.accessToken())).isNotNull();
        assertThat(consents.find(ended.consent().id()).orElseThrow().endedBy()).isEqualTo(Consent.EndedBy.RESIDENT);
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 20))
                .extracting(entry -> entry.action()).contains("gateway.ConsentEnded"));
    }

    @Test
    void aResidentLeavingEndsEveryConsentAtOnceAndTheDeletionRemovesThem() {
        StoredTokens.Requester requester = new StoredTokens(jdbc).approvedRequester();
        var resident = granted().newResident();
        Access access = granted().grant(resident, requester.id(), requester.clientId(), "userdetails");

        accounts.scheduleDeletion(resident.id(), GrantedAccess.PASSWORD, "192.0.2.7");

        await().untilAsserted(() -> assertThat(consents.find(access.consent().id()).orElseThrow().endedBy())
                .isEqualTo(Consent.EndedBy.ACCOUNT));
        assertThatThrownBy(() -> accessTokens.introspect(access.accessToken()))
                .isInstanceOf(BadOpaqueTokenException.class);
        jdbc.sql("update account_resident set deletion_due_at = now() - interval '1 minute' where id = ?")
                .param(resident.id().value()).update();
        accounts.removeDueAccounts();
        await().untilAsserted(() -> assertThat(consents.of(resident.id())).isEmpty());
        assertThat(authorizations.findById(access.authorization())).isNull();
    }
}
