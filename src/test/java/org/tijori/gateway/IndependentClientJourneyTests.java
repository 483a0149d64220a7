package org.tijori.gateway;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.token.AccessTokens;
import org.tijori.gateway.token.Authorizations;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole flow as a client built on another OAuth 2.0 library sees it (ADR 23): Nimbus's OAuth 2.0 and OpenID
 * Connect SDK reads the discovery document, asks with PKCE S256, exchanges the code with HTTP Basic, parses the token
 * answer, validates the RS256 ID token against the JWKS, refreshes and revokes. Only the resident's part (sign-in,
 * the consent form) is played by the tests' browser.
 */
@RequesterTestContext
class IndependentClientJourneyTests {

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

    @Test
    void aNimbusClientGoesThroughDiscoveryCodePkceIdTokenRefreshAndRevocation() throws Exception {
        FlowFixture flows = new FlowFixture(port, accounts, consents, authorizations);
        TestRequester requester = TestRequester.approved(flows.http(), RequesterTestContext.TOKEN);
        ResidentAccount resident = flows.resident();
        WebClient browser = flows.signedIn(resident);
        HttpResponse<String> discovery = flows.http().get("/public/.well-known/openid-configuration");
        OIDCProviderMetadata provider = OIDCProviderMetadata.parse(discovery.body());
        // The tests' server listens on a random port: what tijori.base-url names is mapped to it.
        String advertised = provider.getIssuer().getValue().replaceFirst("/public$", "");
        assertThat(provider.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        assertThat(provider.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.RS256);
        ClientID client = new ClientID(requester.clientId);
        ClientSecretBasic credentials = new ClientSecretBasic(client, new Secret(requester.clientSecret));
        URI redirect = URI.create(requester.redirectUris.get(0));
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();

        AuthorizationRequest asked = new AuthorizationRequest.Builder(new ResponseType("code"), client)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .redirectionURI(redirect)
                .scope(new Scope("openid", "files.issueddocs"))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .customParameter("nonce", nonce.getValue())
                .build();
        URI toConsent = URI.create(PartnerClient.location(browser.get(PartnerClient.pathOf(asked.toURI().toString()))));
        HttpResponse<String> allowed = PartnerClient.answerAsBrowser(browser,
                browser.get(PartnerClient.pathOf(toConsent.toString())).body(), Map.of("decision", "allow"));
        AuthorizationResponse answer = AuthorizationResponse.parse(URI.create(PartnerClient.location(allowed)));
        assertThat(answer.indicatesSuccess()).isTrue();
        assertThat(answer.getState()).isEqualTo(state);
        AuthorizationCode code = answer.toSuccessResponse().getAuthorizationCode();

        TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(
                local(provider.getTokenEndpointURI(), advertised), credentials,
                new AuthorizationCodeGrant(code, redirect, verifier)).toHTTPRequest().send());
        assertThat(exchanged.indicatesSuccess()).as(String.valueOf(exchanged)).isTrue();
        OIDCTokenResponse tokens = (OIDCTokenResponse) exchanged.toSuccessResponse();
        assertThat(tokens.getCustomParameters()).containsEntry("digilockerid", resident.lockerId().toString());
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        JWKSet keys = JWKSet.parse(flows.http().get("/public/oauth2/1/jwks").body());
        IDTokenClaimsSet claims = new IDTokenValidator(provider.getIssuer(), client, JWSAlgorithm.RS256, keys)
                .validate(idToken, nonce);
        assertThat(claims.getSubject().getValue()).isEqualTo(resident.lockerId().toString());
        assertThat(claims.getStringClaim("digilockerid")).isEqualTo(resident.lockerId().toString());

        TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(
                local(provider.getTokenEndpointURI(), advertised), credentials,
                new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken())).toHTTPRequest().send());
        assertThat(refreshed.indicatesSuccess()).as(String.valueOf(refreshed)).isTrue();
        RefreshToken newest = refreshed.toSuccessResponse().getTokens().getRefreshToken();
        assertThat(newest).isNotEqualTo(tokens.getOIDCTokens().getRefreshToken());
        String access = refreshed.toSuccessResponse().getTokens().getAccessToken().getValue();
        accessTokens.introspect(access);

        HTTPResponse revoked = new TokenRevocationRequest(local(provider.getRevocationEndpointURI(), advertised),
                credentials, newest).toHTTPRequest().send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThatThrownBy(() -> accessTokens.introspect(access)).isInstanceOf(BadOpaqueTokenException.class);
    }

    /** An endpoint as advertised (under {@code tijori.base-url}), on the port the tests' server listens on. */
    URI local(URI endpoint, String advertised) {
        return URI.create(endpoint.toString().replaceFirst(java.util.regex.Pattern.quote(advertised),
                "http://localhost:" + port));
    }
}
