package org.tijori.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.ProofSubject;
import org.tijori.verify.proof.ProofCheck;
import org.tijori.verify.proof.ProofKey;
import org.tijori.verify.proof.ProofKeys;
import org.tijori.verify.proof.ProofOutcome;
import org.tijori.verify.proof.ProofSigner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An untrusted proof against the URI of its address: only Tijori's own proof for that URI is verified, and every
 * other one, however it is wrong, is the one refusal. Each forged proof below is wrong in one way only, signed
 * with the genuine key where that is possible, so that each case fails without the check that refuses it.
 */
class ProofCheckTests {

    static final Instant NOW = Instant.parse("2026-12-06T10:15:30Z");

    static final String BASE = "https://tijori.example.in";

    static final String URI = "in.gov.cbse-HSCER-2014123456";

    static final String XML_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    final ProofKey key = ProofKey.generate(1, NOW, NOW);

    final ProofKeys keys = new ProofKeys(List.of(key));

    final ProofSigner signer = new ProofSigner(keys, BASE, Clock.fixed(NOW, ZoneOffset.UTC));

    final ProofCheck check = new ProofCheck(keys, BASE + "/", List.of("https://old.tijori.example.in/"), 2048, 100);

    final String genuine = proof(signer, URI);

    final String payload = genuine.split("\\.")[1];

    @Test
    void verifiesTijorisProofForItsUri() {
        assertThat(check.check(URI, genuine)).isInstanceOfSatisfying(ProofOutcome.Verified.class, verified -> {
            assertThat(verified.claims().uri()).hasToString(URI);
            assertThat(verified.claims().ver()).isEqualTo(3);
            assertThat(verified.claims().holder()).isEqualTo("Aarav Sharma");
            assertThat(verified.claims().issuedOn()).isEqualTo(LocalDate.of(2014, 5, 15));
            assertThat(verified.claims().xmlSha256Hex()).isEqualTo(XML_SHA256);
            assertThat(verified.claims().iat()).isEqualTo(NOW);
        });
    }

    @Test
    void verifiesAProofOfAFormerAddressOfThisInstallation() {
        var former = new ProofSigner(keys, "https://old.tijori.example.in", Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(check.check(URI, proof(former, URI))).isInstanceOf(ProofOutcome.Verified.class);
    }

    @Test
    void refusesNoProofAndAnOverLongOne() throws Exception {
        refused(URI, null);
        refused(URI, "");
        refused(URI, genuine + "A".repeat(2049 - genuine.length()));
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + key.kid() + "\"}";
        String claims = "{\"uri\":\"" + URI + "\",\"iss\":\"" + BASE + "\",\"iat\":1,\"docType\":\"HSCER\","
                + "\"issuer\":\"in.gov.cbse\",\"ver\":1,\"note\":\"%s\"}";
        String fits = signed(header, json(claims.formatted("")), key);
        String atTheCap = signed(header, json(claims.formatted("x".repeat((2048 - fits.length()) * 3 / 4))), key);
        assertThat(atTheCap).hasSizeLessThanOrEqualTo(2048);
        assertThat(check.check(URI, atTheCap)).isInstanceOf(ProofOutcome.Verified.class);

        String overTheCap = signed(header, json(claims.formatted("x".repeat((2048 - fits.length()) * 3 / 4 + 3))), key);
        assertThat(overTheCap).hasSizeGreaterThan(2048);
        refused(URI, overTheCap);
    }

    @Test
    void refusesTwoOrFourSegmentsAndBadBase64() {
        String[] parts = genuine.split("\\.");
        refused(URI, parts[0] + "." + parts[1]);
        refused(URI, parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2]);
        refused(URI, parts[0] + "." + parts[1] + "." + parts[2].substring(1));
        refused(URI, parts[0] + "." + parts[1] + "=." + parts[2]);
        refused(URI, parts[0] + "." + parts[1].replace('-', '+') + "x." + parts[2]);
        refused(URI, parts[0] + "." + parts[1] + "." + parts[2].substring(0, 85) + "!");
        refused(URI, "." + parts[1] + "." + parts[2]);
    }

    @Test
    void refusesASecondSpellingOfTheSameSignature() {
        String[] parts = genuine.split("\\.");
        // 86 characters hold 516 bits for 512: the last character's two low bits must be zero.
        char last = parts[2].charAt(85);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char other = alphabet.charAt(alphabet.indexOf(last) | 1);
        assertThat(other).isNotEqualTo(last);

        refused(URI, parts[0] + "." + parts[1] + "." + parts[2].substring(0, 85) + other);
    }

    @Test
    void refusesEveryOtherAlgorithmEvenSignedWithTheGenuineKey() throws Exception {
        refused(URI, signed("{\"alg\":\"none\",\"kid\":\"" + key.kid() + "\"}", payload, key));
        refused(URI, signed("{\"alg\":\"HS256\",\"kid\":\"" + key.kid() + "\"}", payload, key));
        refused(URI, signed("{\"alg\":\"RS256\",\"kid\":\"" + key.kid() + "\"}", payload, key));
        refused(URI, signed("{\"alg\":\"es256\",\"kid\":\"" + key.kid() + "\"}", payload, key));
        refused(URI, unsigned("{\"alg\":\"none\",\"kid\":\"" + key.kid() + "\"}", payload) + ".");
    }

    @Test
    void refusesAnHmacKeyedByThePublicKey() throws Exception {
        byte[] publicKey = key.publicKey().getEncoded();
        for (String alg : new String[] { "HS256", "HS512" }) {
            String input = unsigned("{\"alg\":\"" + alg + "\",\"kid\":\"" + key.kid() + "\"}", payload);
            Mac mac = Mac.getInstance(alg.equals("HS256") ? "HmacSHA256" : "HmacSHA512");
            mac.init(new SecretKeySpec(publicKey, mac.getAlgorithm()));
            refused(URI, input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))));
        }
    }

    @Test
    void refusesAHeaderWithAnythingButAlgAndKid() throws Exception {
        String kid = "\"kid\":\"" + key.kid() + "\"";
        refused(URI, signed("{\"alg\":\"ES256\"," + kid + ",\"crit\":[\"exp\"]}", payload, key));
        refused(URI, signed("{\"alg\":\"ES256\"," + kid + ",\"jwk\":" + key.publicJwk().toJSONString() + "}", payload, key));
        refused(URI, signed("{\"alg\":\"ES256\"," + kid + ",\"jku\":\"https://evil.example/jwks\"}", payload, key));
        refused(URI, signed("{\"alg\":\"ES256\"," + kid + ",\"typ\":\"JWT\"}", payload, key));
        refused(URI, signed("{\"alg\":\"ES256\"," + kid + ",\"alg\":\"ES256\"}", payload, key));
        refused(URI, signed("{\"alg\":\"ES256\"}", payload, key));
        refused(URI, signed("{\"alg\":\"ES256\",\"kid\":7}", payload, key));
        refused(URI, signed("[\"ES256\"]", payload, key));
    }

    @Test
    void refusesAnUnknownKidAndAnotherKeyUnderTheGenuineKid() throws Exception {
        ProofKey stranger = ProofKey.generate(1, NOW, NOW);
        refused(URI, signed("{\"alg\":\"ES256\",\"kid\":\"" + stranger.kid() + "\"}", payload, stranger));
        refused(URI, signed("{\"alg\":\"ES256\",\"kid\":\"" + key.kid() + "\"}", payload, stranger));
    }

    @Test
    void refusesAnotherInstallationsProof() {
        ProofKey theirs = ProofKey.generate(1, NOW, NOW);
        var elsewhere = new ProofSigner(new ProofKeys(List.of(theirs)), "https://locker.example.org",
                Clock.fixed(NOW, ZoneOffset.UTC));

        refused(URI, proof(elsewhere, URI));
    }

    @Test
    void refusesAProofOfAnotherAddressSignedWithTheGenuineKey() throws Exception {
        var other = new ProofSigner(keys, "https://evil.example", Clock.fixed(NOW, ZoneOffset.UTC));

        refused(URI, proof(other, URI));
        String noIss = unsigned("{}", json("{\"uri\":\"" + URI + "\",\"iat\":1,\"docType\":\"HSCER\","
                + "\"issuer\":\"in.gov.cbse\",\"ver\":1}")).split("\\.")[1];
        refused(URI, signed("{\"alg\":\"ES256\",\"kid\":\"" + key.kid() + "\"}", noIss, key));
    }

    @Test
    void refusesAnAlteredPayload() {
        String[] parts = genuine.split("\\.");
        char[] altered = parts[1].toCharArray();
        altered[40] = altered[40] == 'A' ? 'B' : 'A';

        refused(URI, parts[0] + "." + new String(altered) + "." + parts[2]);
    }

    @Test
    void refusesAnotherDocumentsProof() {
        String other = proof(signer, "in.gov.cbse-HSCER-2014123457");

        refused(URI, other);
        refused("in.gov.cbse-HSCER-2014123457", genuine);
        refused(URI + "/", genuine);
        refused("not a uri", genuine);
    }

    @Test
    void aGenuineProofCostsOneVerificationTheFirstTimeAndNoneOnceKept() {
        assertThat(check.check(URI, genuine)).isInstanceOf(ProofOutcome.Verified.class);
        assertThat(check.signatureChecks()).isEqualTo(1);

        assertThat(check.check(URI, genuine)).isInstanceOf(ProofOutcome.Verified.class);
        assertThat(check.signatureChecks()).isEqualTo(1);
    }

    @Test
    void aProofKeptOnceVerifiedIsStillRefusedWithAnotherUri() {
        assertThat(check.check(URI, genuine)).isInstanceOf(ProofOutcome.Verified.class);

        refused("in.gov.cbse-HSCER-2014123457", genuine);
        refused("not a uri", genuine);
        assertThat(check.check(URI, genuine)).isInstanceOf(ProofOutcome.Verified.class);
    }

    @Test
    void aProofKeptOnceVerifiedIsRefusedWhenItsKeyIsNoLongerKnown() {
        assertThat(check.check(URI, genuine)).isInstanceOf(ProofOutcome.Verified.class);

        keys.replace(List.of(ProofKey.generate(2, NOW, NOW)));

        refused(URI, genuine);
    }

    @Test
    void refusesClaimsOfTheWrongTypeEvenSignedWithTheGenuineKey() throws Exception {
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + key.kid() + "\"}";
        String claims = "{\"uri\":\"" + URI + "\",\"iss\":\"" + BASE + "\",\"iat\":1,\"docType\":\"HSCER\","
                + "\"issuer\":\"in.gov.cbse\",\"ver\":1}";
        assertThat(check.check(URI, signed(header, json(claims), key))).isInstanceOf(ProofOutcome.Verified.class);

        refused(URI, signed(header, json(claims.replace("\"ver\":1", "\"ver\":\"1\"")), key));
        refused(URI, signed(header, json(claims.replace("\"ver\":1", "\"ver\":0")), key));
        refused(URI, signed(header, json(claims.replace("\"iat\":1", "\"iat\":1.5")), key));
        refused(URI, signed(header, json(claims.replace("\"docType\":\"HSCER\"", "\"docType\":\"DRVLC\"")), key));
        refused(URI, signed(header, json(claims.replace("\"issuer\":\"in.gov.cbse\"", "\"issuer\":\"in.gov.x\"")), key));
        refused(URI, signed(header, json(claims.replace("\"ver\":1", "\"ver\":1,\"issuedOn\":\"15-05-2014\"")), key));
        refused(URI, signed(header, json(claims.replace("\"ver\":1", "\"ver\":1,\"sha256\":\"abc\"")), key));
        refused(URI, signed(header, json(claims.replace("\"ver\":1", "\"ver\":1,\"holder\":7")), key));
        refused(URI, signed(header, json("[1,2,3]"), key));
        refused(URI, signed(header, json(claims + "x"), key));
    }

    /**
     * Refused, at the cost of exactly one ES256 verification, the genuine one or the decoy's: what makes every
     * refusal take as long as every other, whichever check it fails (NoEnumerationTests times it over HTTP).
     */
    void refused(String uri, String proof) {
        long before = check.signatureChecks();
        assertThat(check.check(uri, proof)).as(proof).isSameAs(ProofOutcome.Refused.REFUSED);
        assertThat(check.signatureChecks() - before).as("ES256 verifications refusing %s", proof).isEqualTo(1);
    }

    static String proof(ProofSigner signer, String uri) {
        String link = signer.link(new ProofSubject(DocumentUri.parse(uri), 3, LocalDate.of(2014, 5, 15),
                "Aarav Sharma", XML_SHA256));
        return link.substring(link.indexOf("?p=") + 3);
    }

    static String json(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String unsigned(String header, String payloadSegment) {
        return json(header) + "." + payloadSegment;
    }

    /** A compact JWS of any header, signed with ES256 by the key given. */
    static String signed(String header, String payloadSegment, ProofKey key) throws Exception {
        String input = unsigned(header, payloadSegment);
        return input + "." + new ECDSASigner(key.privateKey()).sign(new JWSHeader(JWSAlgorithm.ES256),
                input.getBytes(StandardCharsets.US_ASCII));
    }
}
