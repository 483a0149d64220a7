package org.tijori.verify;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The JWKS of the proof keys, as an offline verifier fetches it: anonymous, public keys only, cacheable. */
@VerifyTestContext
class JwksEndpointTests {

    @LocalServerPort
    int port;

    @Test
    void listsThePublicProofKeysToAnyone() throws Exception {
        HttpResponse<String> answer = new WebClient(port).get("/.well-known/jwks.json");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.headers().allValues("Cache-Control")).containsExactly("public, max-age=300");
        assertThat(answer.headers().map()).doesNotContainKey("set-cookie");
        JWKSet set = JWKSet.parse(answer.body());
        assertThat(set.getKeys()).isNotEmpty().allSatisfy(key -> {
            assertThat(key).isInstanceOf(ECKey.class);
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).hasSize(11);
        });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) com.nimbusds.jose.util.JSONObjectUtils
                .parse(answer.body()).get("keys");
        assertThat(keys).allSatisfy(key -> assertThat(key).containsOnlyKeys("kty", "crv", "x", "y", "kid", "use", "alg")
                .containsEntry("kty", "EC").containsEntry("crv", "P-256").containsEntry("use", "sig")
                .containsEntry("alg", "ES256"));
        assertThat(answer.body()).doesNotContain("\"d\"");
        JWK first = set.getKeys().get(0);
        assertThat(first.computeThumbprint().toString()).as("the kid is the start of the RFC 7638 thumbprint")
                .isNotEmpty();
        assertThat(java.util.Arrays.copyOf(first.computeThumbprint().decode(), 8))
                .isEqualTo(com.nimbusds.jose.util.Base64URL.from(first.getKeyID()).decode());
    }

    @Test
    void answersEvenWithASessionCookieOfNobodyAndSetsNone() throws Exception {
        HttpResponse<String> answer = new WebClient(port).get("/.well-known/jwks.json", "Cookie", "SESSION=bm9ib2R5");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().map()).doesNotContainKey("set-cookie");
    }
}
