package org.tijori.gateway;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.GrantedAccess.Access;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.GrantingResident;
import org.tijori.gateway.token.LinkedConsent;
import org.tijori.gateway.token.PartnerAccess;
import org.tijori.gateway.token.ReferenceTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Authorizations}, the authorization server's store (ADR 23): hashes only, a look-up by any token, the
 * conditional rotation of refresh tokens, revocation.
 */
@RequesterTestContext
class AuthorizationStoreTests {

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

    GrantedAccess granted() {
        return new GrantedAccess(accounts, consents, authorizations);
    }

    StoredTokens.Requester requester() {
        return new StoredTokens(jdbc).approvedRequester();
    }

    @Test
    void keepsOnlyHashesAndFindsTheAuthorizationByEachToken() {
        StoredTokens.Requester requester = requester();
        Access access = granted().grant(granted().newResident(), requester.id(), requester.clientId(),
                "userdetails", "files.issueddocs");

        Map<String, Object> row = jdbc.sql("select * from gateway_authorization where id = ?")
                .param(access.authorization()).query().singleRow();
        assertThat(row.get("access_hash")).isEqualTo(AccessTokens.sha256(access.accessToken()));
        assertThat(row.get("refresh_hash")).isEqualTo(AccessTokens.sha256(access.refreshToken()));
        String everything = jdbc.sql("select row_to_json(a)::text from gateway_authorization a where id = ?")
                .param(access.authorization()).query(String.class).single();
        assertThat(everything).doesNotContain(access.accessToken()).doesNotContain(access.refreshToken());

        OAuth2Authorization byAccess = authorizations.findByToken(access.accessToken(), OAuth2TokenType.ACCESS_TOKEN);
        assertThat(byAccess.getAccessToken().getToken().getTokenValue()).isEqualTo(access.accessToken());
        assertThat(byAccess.getRefreshToken().getToken().getTokenValue()).isNotEqualTo(access.refreshToken());
        assertThat(byAccess.getPrincipalName()).isEqualTo(access.resident().id().toString());
        assertThat(byAccess.<GrantingResident>getAttribute(java.security.Principal.class.getName()).getName())
                .isEqualTo(access.resident().lockerId().toString());
        assertThat(byAccess.<LinkedConsent>getAttribute(LinkedConsent.ATTRIBUTE).id()).isEqualTo(access.consent().id());
        assertThat(authorizations.findByToken(access.refreshToken(), null).getRefreshToken().getToken()
                .getTokenValue()).isEqualTo(access.refreshToken());
        assertThat(authorizations.findByToken(access.refreshToken(), OAuth2TokenType.ACCESS_TOKEN)).isNull();
        assertThat(authorizations.findByToken(ReferenceTokens.newValue(), null)).isNull();

        // Saved again as read, a placeholder keeps its stored hash: the access token still works.
        authorizations.save(authorizations.findByToken(access.refreshToken(), OAuth2TokenType.REFRESH_TOKEN));
        PartnerAccess partner = (PartnerAccess) accessTokens.introspect(access.accessToken());
        assertThat(partner.locker()).isEqualTo(access.resident().lockerId());
    }

    @Test
    void aRotatedRefreshTokenIsSpentAndAStaleRotationLoses() {
        StoredTokens.Requester requester = requester();
        Access access = granted().grant(granted().newResident(), requester.id(), requester.clientId(), "userdetails");
        OAuth2Authorization first = authorizations.findByToken(access.refreshToken(), OAuth2TokenType.REFRESH_TOKEN);
        OAuth2Authorization second = authorizations.findByToken(access.refreshToken(), OAuth2TokenType.REFRESH_TOKEN);
        String next = ReferenceTokens.newValue();

        authorizations.save(OAuth2Authorization.from(first)
                .refreshToken(new OAuth2RefreshToken(next, Instant.now(), Instant.now().plusSeconds(600))).build());

        assertThat(authorizations.spentRefresh(access.refreshToken())).hasValue(access.authorization());
        assertThat(authorizations.spentRefresh(next)).isEmpty();
        assertThat(authorizations.findByToken(access.refreshToken(), OAuth2TokenType.REFRESH_TOKEN)).isNull();
        assertThatThrownBy(() -> authorizations.save(OAuth2Authorization.from(second)
                .refreshToken(new OAuth2RefreshToken(ReferenceTokens.newValue(), Instant.now(),
                        Instant.now().plusSeconds(600))).build()))
                .isInstanceOf(Authorizations.LostRotation.class);
        assertThat(authorizations.findByToken(next, OAuth2TokenType.REFRESH_TOKEN)).isNotNull();
    }

    @Test
    void aCodeExchangedTwiceAtOnceIssuesTokensOnce() {
        StoredTokens.Requester requester = requester();
        var resident = granted().newResident();
        String code = ReferenceTokens.newValue();
        Instant now = Instant.now();
        authorizations.save(OAuth2Authorization.withRegisteredClient(GrantedAccess.client(requester.id(),
                        requester.clientId()))
                .id("code-" + code.substring(0, 8)).principalName(resident.id().toString())
                .authorizationGrantType(org.springframework.security.oauth2.core.AuthorizationGrantType
                        .AUTHORIZATION_CODE)
                .attribute(java.security.Principal.class.getName(), new GrantingResident(resident.id(),
                        resident.lockerId()))
                .token(new OAuth2AuthorizationCode(code, now, now.plusSeconds(60)))
                .build());
        OAuth2Authorization first = authorizations.findByToken(code, CODE);
        OAuth2Authorization second = authorizations.findByToken(code, CODE);
        String access = ReferenceTokens.newValue();

        authorizations.save(exchanged(first, access));

        assertThatThrownBy(() -> authorizations.save(exchanged(second, ReferenceTokens.newValue())))
                .isInstanceOf(Authorizations.LostRedemption.class);
        assertThat(authorizations.findByToken(access, OAuth2TokenType.ACCESS_TOKEN)).isNotNull();
        assertThat(authorizations.findByToken(code, CODE).getToken(OAuth2AuthorizationCode.class).isInvalidated())
                .isTrue();
    }

    private static final OAuth2TokenType CODE = new OAuth2TokenType("code");

    /** What the code exchange saves: the code invalidated, an access token. */
    private static OAuth2Authorization exchanged(OAuth2Authorization read, String access) {
        Instant now = Instant.now();
        return OAuth2Authorization.from(read)
                .invalidate(read.getToken(OAuth2AuthorizationCode.class).getToken())
                .accessToken(new org.springframework.security.oauth2.core.OAuth2AccessToken(
                        org.springframework.security.oauth2.core.OAuth2AccessToken.TokenType.BEARER, access, now,
                        now.plusSeconds(600), java.util.Set.of("userdetails")))
                .build();
    }

    @Test
    void aRevokedAuthorizationIsReadWithEveryTokenInvalidated() {
        StoredTokens.Requester requester = requester();
        Access access = granted().grant(granted().newResident(), requester.id(), requester.clientId(), "userdetails");

        assertThat(authorizations.revoke(access.authorization(), "test")).isTrue();
        assertThat(authorizations.revoke(access.authorization(), "test")).isFalse();

        OAuth2Authorization revoked = authorizations.findById(access.authorization());
        assertThat(revoked.getAccessToken().isInvalidated()).isTrue();
        assertThat(revoked.getRefreshToken().isActive()).isFalse();
        assertThatThrownBy(() -> accessTokens.introspect(access.accessToken()))
                .isInstanceOf(BadOpaqueTokenException.class);
    }

    @Test
    void theStateFindsTheAuthorizationOnlyWhileItIsKept() {
        StoredTokens.Requester requester = requester();
        String state = ReferenceTokens.newValue();
        var resident = granted().newResident();
        authorizations.save(OAuth2Authorization.withRegisteredClient(GrantedAccess.client(requester.id(),
                        requester.clientId()))
                .id("state-" + state.substring(0, 8)).principalName(resident.id().toString())
                .authorizationGrantType(org.springframework.security.oauth2.core.AuthorizationGrantType
                        .AUTHORIZATION_CODE)
                .attribute("state", state).build());

        OAuth2Authorization found = authorizations.findByToken(state, new OAuth2TokenType("state"));
        assertThat(found.<String>getAttribute("state")).isEqualTo(state);
        assertThat(jdbc.sql("select state_hash from gateway_authorization where id = ?").param(found.getId())
                .query(byte[].class).single()).isEqualTo(AccessTokens.sha256(state));
        authorizations.save(OAuth2Authorization.from(found).attributes(attributes -> attributes.remove("state"))
                .build());
        assertThat(authorizations.findByToken(state, new OAuth2TokenType("state"))).isNull();
        assertThat(HexFormat.of().formatHex(AccessTokens.sha256(state))).hasSize(64);
        assertThat(List.of(found.getId())).isNotEmpty();
    }
}
