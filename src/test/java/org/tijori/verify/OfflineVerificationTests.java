package org.tijori.verify;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.PrintedQrCode;
import org.tijori.issuer.TestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A verifier without a network, as the README tells it: the JWKS fetched once, then the QR code of a printed
 * document checked with jose4j, a JOSE library Tijori does not sign with. A rotation leaves old papers
 * verifiable.
 */
@VerifyTestContext
class OfflineVerificationTests {

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    TijoriProperties tijori;

    @Test
    void checksAPrintedCodeWithTheJwksAloneAndStillAfterARotation() throws Exception {
        var published = new PublishedDocuments(port, accounts, documents);
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "OFF-1", "Aarav Sharma");
        String link = PrintedQrCode.scan(published.pdf(resident, uri), false).text();
        String proof = link.substring(link.indexOf("?p=") + 3);
        JsonWebKeySet fetchedOnce = jwks();

        JwtClaims claims = consumer(fetchedOnce).processToClaims(proof);

        assertThat(claims.getIssuer()).isEqualTo(base());
        assertThat(claims.getStringClaimValue("uri")).isEqualTo(uri);
        assertThat(claims.getStringClaimValue("issuer")).isEqualTo(issuer.issuerId);
        assertThat(claims.getStringClaimValue("docType")).isEqualTo("HSCER");
        assertThat(claims.getStringClaimValue("holder")).isEqualTo("Aarav Sharma");
        assertThat(claims.getStringClaimValue("issuedOn")).isEqualTo("2014-05-15");
        assertThat(claims.getClaimValue("ver", Long.class)).isEqualTo(1L);
        byte[] xmlSha256 = MessageDigest.getInstance("SHA-256").digest(published.xml(resident, uri));
        assertThat(claims.getStringClaimValue("sha256"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(xmlSha256));

        String[] parts = proof.split("\\.");
        String otherHolder = new String(Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("Aarav Sharma", "Aarav Sharmx");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                otherHolder.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> consumer(fetchedOnce).processToClaims(tampered)).isInstanceOf(InvalidJwtException.class);

        HttpResponse<String> rotated = new WebClient(port).post("/api/v1/admin/verify/key-rotations",
                "application/json", new byte[0], "Authorization", "Bearer " + VerifyTestContext.TOKEN);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(202);
        JsonWebKeySet afterRotation = jwks();
        assertThat(afterRotation.getJsonWebKeys()).hasSizeGreaterThan(fetchedOnce.getJsonWebKeys().size());
        assertThat(afterRotation.getJsonWebKeys().get(0).getKeyId()).as("newest first")
                .isNotEqualTo(fetchedOnce.getJsonWebKeys().get(0).getKeyId());

        assertThat(consumer(afterRotation).processToClaims(proof).getStringClaimValue("uri")).isEqualTo(uri);
        String newKid = afterRotation.getJsonWebKeys().get(0).getKeyId();
        String later = await().atMost(Duration.ofSeconds(20)).until(() -> {
            String next = published.push(issuer, resident, "OFF-" + PublishedDocuments.counter.incrementAndGet(),
                    "Priya Nair");
            String nextLink = PrintedQrCode.scan(published.pdf(resident, next), false).text();
            return nextLink.substring(nextLink.indexOf("?p=") + 3);
        }, next -> kid(next).equals(newKid));
        assertThat(consumer(afterRotation).processToClaims(later).getStringClaimValue("holder")).isEqualTo("Priya Nair");
        assertThatThrownBy(() -> consumer(fetchedOnce).processToClaims(later)).as("a key the old JWKS does not list")
                .isInstanceOf(InvalidJwtException.class);
    }

    JsonWebKeySet jwks() throws Exception {
        HttpResponse<String> answer = new WebClient(port).get("/.well-known/jwks.json");
        assertThat(answer.statusCode()).isEqualTo(200);
        return new JsonWebKeySet(answer.body());
    }

    JwtConsumer consumer(JsonWebKeySet jwks) {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer(base())
                .setRequireIssuedAt()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .build();
    }

    String base() {
        return tijori.baseUrl().toString().replaceAll("/$", "");
    }

    static String kid(String proof) {
        String header = new String(Base64.getUrlDecoder().decode(proof.split("\\.")[0]),
                java.nio.charset.StandardCharsets.UTF_8);
        return header.substring(header.indexOf("\"kid\":\"") + 7, header.lastIndexOf('"'));
    }
}
