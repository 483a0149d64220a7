package org.tijori.gateway.web;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.StoredTokens;
import org.tijori.gateway.StoredTokens.Grant;
import org.tijori.gateway.token.GatewayKeys;
import org.tijori.storage.SealedValues;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access gateway's foundation over HTTP (ADR 23): OpenID Connect discovery and the JWKS under {@code /public},
 * one issuer whatever host a client names, the authorization server's endpoints Tijori does not publish, and
 * DigiLocker's error body on every partner path for a missing, refused or insufficient token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.base-url=https://tijori.example.in" })
class DiscoveryTests {

    static final String ISSUER = "https://tijori.example.in/public";

    static final String DISCOVERY = "/public/.well-known/openid-configuration";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GatewayKeys keys;

    @Autowired
    SealedValues sealed;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void discoveryNamesTheOneIssuerAndDigiLockersEndpointsWhateverHostIsAsked() throws Exception {
        HttpResponse<String> answer = http().get(DISCOVERY);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.headers().map()).doesNotContainKey("set-cookie");
        assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValue(
                "default-src 'none'; frame-ancestors 'none'");
        Map<String, Object> discovery = JSONObjectUtils.parse(answer.body());
        assertThat(discovery).as("the request named localhost:" + port + ", the issuer is tijori.base-url's")
                .containsEntry("issuer", ISSUER)
                .containsEntry("authorization_endpoint", ISSUER + "/oauth2/1/authorize")
                .containsEntry("token_endpoint", ISSUER + "/oauth2/1/token")
                .containsEntry("revocation_endpoint", ISSUER + "/oauth2/1/revoke")
                .containsEntry("jwks_uri", ISSUER + "/oauth2/1/jwks")
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .containsEntry("response_types_supported", List.of("code"))
                .containsEntry("id_token_signing_alg_values_supported", List.of("RS256"))
                .containsEntry("token_endpoint_auth_methods_supported",
                        List.of("client_secret_basic", "client_secret_post", "none"))
                .containsEntry("revocation_endpoint_auth_methods_supported",
                        List.of("client_secret_basic", "client_secret_post"))
                .doesNotContainKeys("introspection_endpoint", "userinfo_endpoint", "end_session_endpoint",
                        "registration_endpoint", "pushed_authorization_request_endpoint",
                        "tls_client_certificate_bound_access_tokens", "dpop_signing_alg_values_supported");
        assertThat(strings(discovery.get("scopes_supported"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PartnerScope.values()).map(PartnerScope::value).toList());
        assertThat(strings(discovery.get("grant_types_supported"))).contains("authorization_code", "refresh_token")
                .isSubsetOf("authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code");
    }

    @Test
    void theJwksListsPublicRsaKeysThatVerifyWhatTheGatewaySigns() throws Exception {
        HttpResponse<String> answer = http().get("/public/oauth2/1/jwks");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().map()).doesNotContainKey("set-cookie");
        assertThat(answer.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
        JWKSet set = JWKSet.parse(answer.body());
        assertThat(set.getKeys()).isNotEmpty().allSatisfy(key -> {
            assertThat(key).isInstanceOf(RSAKey.class);
            assertThat(key.isPrivate()).isFalse();
            assertThat(((RSAKey) key).size()).isEqualTo(2048);
            assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
            assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
            assertThat(Base64UrlPrefix.of(key)).as("the kid is the start of the RFC 7638 thumbprint")
                    .isEqualTo(key.getKeyID());
        });

        // What a signer of the gateway signs, an outside client checks with the published keys (jose4j, a JOSE
        // library the gateway does not sign with).
        String signed = new NimbusJwtEncoder(keys.signing()).encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).build(),
                JwtClaimsSet.builder().issuer(ISSUER).subject("someone").issuedAt(Instant.now())
                        .expiresAt(Instant.now().plusSeconds(60)).build())).getTokenValue();
        JwtClaims claims = new JwtConsumerBuilder().setExpectedIssuer(ISSUER).setRequireExpirationTime()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(
                        new JsonWebKeySet(answer.body()).getJsonWebKeys()))
                .build().processToClaims(signed);
        assertThat(claims.getSubject()).isEqualTo("someone");
    }

    @Test
    void privateKeysAreKeptSealedAndOpenOnlyInTheirContext() throws Exception {
        record Row(String publicJwk, byte[] sealedKey) {
        }
        List<Row> rows = jdbc.sql("select public_jwk, private_sealed from gateway_signing_key")
                .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2))).list();

        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            RSAKey listed = RSAKey.parse(row.publicJwk());
            assertThat(listed.isPrivate()).isFalse();
            byte[] pkcs8 = sealed.open(row.sealedKey(), GatewayKeys.CONTEXT);
            var privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            assertThat(privateKey.getModulus()).isEqualTo(listed.getModulus().decodeToBigInteger());
            assertThat(new BigInteger(1, row.sealedKey()).toString(16))
                    .as("the row holds no part of the private key in the clear")
                    .doesNotContain(privateKey.getPrivateExponent().toString(16).substring(0, 32));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> sealed.open(row.sealedKey(), "issuer/client-secret"))
                    .as("a sealed key opens in its own context only")
                    .isInstanceOf(org.tijori.storage.SealedValueException.class);
        });
    }

    @Test
    void endpointsTheGatewayDoesNotPublishAnswerNotFoundAsDigiLockerDoes() throws Exception {
        var http = http();
        List<HttpResponse<String>> answers = List.of(
                http.postForm("/public/oauth2/introspect", Map.of("token", "x")),
                http.postForm("/public/oauth2/par", Map.of("client_id", "x")),
                http.get("/public/userinfo"),
                http.get("/public/oauth2/device_verification"),
                http.get("/public/connect/logout"),
                http.postJson("/public/connect/register", "{}"),
                http.postForm("/public/x/oauth2/1/token", Map.of("grant_type", "refresh_token")),
                http.get("/public/x/.well-known/openid-configuration"),
                http.get("/public/x/oauth2/1/jwks"));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(404);
            assertDigiLockerError(answer, "not_found");
        });
    }

    @Test
    void everyBearerOperationAnswersInvalidTokenWithoutAGoodOne() throws Exception {
        var http = http();
        for (PartnerOperation operation : operations(PartnerOperation.Proof.BEARER)) {
            for (String path : samplePaths(operation)) {
                HttpResponse<String> missing = call(http, operation, path);
                assertThat(missing.statusCode()).as(operation + " " + path).isEqualTo(401);
                assertDigiLockerError(missing, "invalid_token");
                assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

                HttpResponse<String> refused = call(http, operation, path, "Authorization",
                        "Bearer " + StoredTokens.randomToken());
                assertThat(refused.statusCode()).as(operation + " " + path).isEqualTo(401);
                assertDigiLockerError(refused, "invalid_token");
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        value -> assertThat(value).contains("error=\"invalid_token\""));

                HttpResponse<String> malformed = call(http, operation, path, "Authorization", "Bearer ~~ not, a token");
                assertThat(malformed.statusCode()).as(operation + " " + path).isEqualTo(401);
                assertDigiLockerError(malformed, "invalid_token");
            }
        }
    }

    @Test
    void aTokenInTheQueryIsNotTaken() throws Exception {
        var tokens = new StoredTokens(jdbc);
        Grant grant = tokens.grant(tokens.approvedRequester(), "userdetails");

        HttpResponse<String> answer = http().get("/public/oauth2/1/user?access_token=" + grant.token());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertDigiLockerError(answer, "invalid_token");
    }

    @Test
    void formOperationsAndTheServersEndpointsAnswerDigiLockersBodyOnEveryError() throws Exception {
        var http = http();
        for (PartnerOperation operation : PartnerOperation.values()) {
            if (operation.proof() == PartnerOperation.Proof.BEARER) {
                continue;
            }
            for (String path : samplePaths(operation)) {
                HttpResponse<String> answer = call(http, operation, path);
                if (operation == PartnerOperation.AUTHORIZE) {
                    // A resident's browser is answered a page (ADR 23): no client, no redirect URI to answer to.
                    assertThat(answer.statusCode()).as(path).isEqualTo(400);
                    assertThat(answer.body()).contains("id=\"authorize-error\"");
                    continue;
                }
                if (answer.statusCode() >= 400) {
                    assertDigiLockerError(answer, null);
                }
                if (operation.proof() == PartnerOperation.Proof.FORM) {
                    HttpResponse<String> refused = call(http, operation, path, "Authorization",
                            "Bearer " + StoredTokens.randomToken());
                    assertThat(refused.statusCode()).as("a refused token on " + path).isEqualTo(401);
                    assertDigiLockerError(refused, "invalid_token");
                }
            }
        }
    }

    @Test
    void aLiveTokenPassesOnlyWhereItsConsentsScopesReach() throws Exception {
        var tokens = new StoredTokens(jdbc);
        Grant grant = tokens.grant(tokens.approvedRequester(), "userdetails", "files.issueddocs");
        var http = http();

        HttpResponse<String> allowed = http.get("/public/oauth2/1/user", grant.bearer());
        HttpResponse<String> alias = http.get("/public/oauth2/2/files/issued", grant.bearer());
        HttpResponse<String> notGranted = http.get("/public/oauth2/1/files/", grant.bearer());
        HttpResponse<String> nothingThere = http.get("/public/oauth2/1/no-such-operation", grant.bearer());

        assertThat(List.of(allowed, alias)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.uri().getPath()).isNotIn(401, 403, 429);
            if (answer.statusCode() >= 400) {
                assertDigiLockerError(answer, null);
            }
        });
        assertThat(notGranted.statusCode()).isEqualTo(403);
        assertDigiLockerError(notGranted, "insufficient_scope");
        assertThat(nothingThere.statusCode()).isEqualTo(404);
        assertDigiLockerError(nothingThere, "not_found");
    }

    @Test
    void aTokenStopsAtOnceWhenItOrItsConsentOrItsRequesterEnds() throws Exception {
        var tokens = new StoredTokens(jdbc);
        var http = http();
        StoredTokens.Requester requester = tokens.approvedRequester();
        Grant expired = tokens.grant(requester, "userdetails");
        Grant revoked = tokens.grant(requester, "userdetails");
        Grant invalidated = tokens.grant(requester, "userdetails");
        Grant consentEnded = tokens.grant(requester, "userdetails");
        Grant consentExpired = tokens.grant(requester, "userdetails");
        List<Grant> all = List.of(expired, revoked, invalidated, consentEnded, consentExpired);
        assertThat(all).allSatisfy(grant -> assertThat(http.get("/public/oauth2/1/user", grant.bearer())
                .statusCode()).as("live first").isNotIn(401, 403));

        tokens.expireToken(expired, Duration.ofSeconds(1));
        tokens.revoke(revoked);
        tokens.invalidateToken(invalidated);
        tokens.endConsent(consentEnded);
        tokens.expireConsent(consentExpired);

        assertThat(all).allSatisfy(grant -> {
            HttpResponse<String> answer = http.get("/public/oauth2/1/user", grant.bearer());
            assertThat(answer.statusCode()).as(grant.toString()).isEqualTo(401);
            assertDigiLockerError(answer, "invalid_token");
        });
    }

    @Test
    void aSuspendedRequestersTokensStopAtOnceAndOtherRequestersDoNot() throws Exception {
        var tokens = new StoredTokens(jdbc);
        var http = http();
        Grant suspended = tokens.grant(tokens.approvedRequester(), "userdetails");
        Grant other = tokens.grant(tokens.approvedRequester(), "userdetails");

        tokens.suspend(suspended.requester());

        assertThat(http.get("/public/oauth2/1/user", suspended.bearer()).statusCode()).isEqualTo(401);
        assertThat(http.get("/public/oauth2/1/user", other.bearer()).statusCode()).isNotIn(401, 403);
    }

    @Test
    void unknownPublicPathsAnswerDigiLockersBodyNotAProblem() throws Exception {
        var http = http();
        List<HttpResponse<String>> answers = List.of(http.get("/public/no-such-thing"),
                http.get("/public/oauth2/no-such-thing"), http.get("/public/signup/no-such-thing"),
                http.get("/public/issuer/no-such-thing", "Accept", "application/json"));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.uri().getPath()).isEqualTo(404);
            assertDigiLockerError(answer, "not_found");
        });
        HttpResponse<String> wrongMethod = http.get("/public/account/1/pushuri");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertDigiLockerError(wrongMethod, "method_not_allowed");
    }

    /** Asserts DigiLocker's error body: JSON with exactly {@code error} (this code, if given) and a description. */
    static void assertDigiLockerError(HttpResponse<String> answer, String code) {
        assertThat(answer.headers().firstValue("Content-Type")).as(answer.uri().getPath()).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> body;
        try {
            body = JSONObjectUtils.parse(answer.body());
        }
        catch (java.text.ParseException e) {
            throw new AssertionError(answer.uri().getPath() + " answered no JSON: " + answer.body(), e);
        }
        assertThat(body).as(answer.uri().getPath() + ": " + answer.body()).containsOnlyKeys("error",
                "error_description");
        assertThat((String) body.get("error_description")).isNotBlank();
        if (code != null) {
            assertThat(body).as(answer.uri().getPath()).containsEntry("error", code);
        }
    }

    static List<PartnerOperation> operations(PartnerOperation.Proof proof) {
        return Arrays.stream(PartnerOperation.values()).filter(operation -> operation.proof() == proof).toList();
    }

    /** Each path of the operation, with sample values in its variables. */
    static List<String> samplePaths(PartnerOperation operation) {
        return operation.paths().stream().map(path -> path.replace("{uri}", "in.gov.cbse-HSCER-2014123456")
                .replace("{id}", "root")).toList();
    }

    static HttpResponse<String> call(WebClient http, PartnerOperation operation, String path, String... headers)
            throws Exception {
        return http.send(operation.method().name(), path,
                operation.method().name().equals("POST") ? "application/x-www-form-urlencoded" : null,
                operation.method().name().equals("POST") ? "a=b".getBytes() : null, headers);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }

    /** The first 8 bytes of a key's RFC 7638 thumbprint, base64url: what the gateway's kids are. */
    private static final class Base64UrlPrefix {

        static String of(JWK key) {
            try {
                return com.nimbusds.jose.util.Base64URL.encode(Arrays.copyOf(key.computeThumbprint().decode(), 8))
                        .toString();
            }
            catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
