package org.tijori.verify.proof;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.TijoriApplication;
import org.tijori.issuer.DocumentProofs;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.ProofSubject;
import org.tijori.storage.SealedValueException;
import org.tijori.storage.SealedValues;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The proof keys in the database: one first key however many nodes start at once, sealed so that only their
 * context opens them, rotated with a delay before the new key signs, and re-sealed by a master-key rotation.
 */
@SpringBootTest(properties = { "tijori.verify.key-activation-delay=3s", "tijori.verify.key-refresh=1s" })
class ProofKeysTests {

    static final String TOKEN = "proof-keys-test-token-0123456789";

    static final ProofSubject SUBJECT = new ProofSubject(DocumentUri.parse("in.gov.cbse-HSCER-2014123456"), 1,
            LocalDate.of(2014, 5, 15), "Aarav Sharma", null);

    @Autowired
    ProofKeyStore store;

    @Autowired
    ProofKeys keys;

    @Autowired
    ProofKeyRotation rotation;

    @Autowired
    ProofSigner signer;

    @Autowired
    ProofCheck check;

    @Autowired
    SealedValues sealed;

    @Autowired
    JdbcClient jdbc;

    @Test
    void makesOneFirstKeyWhenNodesStartTogether() throws Exception {
        jdbc.sql("delete from verify_proof_private_key").update();
        jdbc.sql("delete from verify_proof_key").update();
        CyclicBarrier together = new CyclicBarrier(4);
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> started = java.util.stream.IntStream.range(0, 4).<Future<?>>mapToObj(i -> nodes.submit(() -> {
                together.await();
                store.createFirstKey();
                return null;
            })).toList();
            for (Future<?> node : started) {
                node.get();
            }
        }
        finally {
            nodes.shutdown();
        }

        assertThat(jdbc.sql("select count(*) from verify_proof_key").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from verify_proof_private_key").query(Long.class).single()).isEqualTo(1);
        rotation.refresh();
        assertThat(keys.all()).singleElement().satisfies(key -> assertThat(key.privateKey()).isNotNull());
        assertThat(check.check(SUBJECT.uri().toString(), proof(signer.link(SUBJECT))))
                .isInstanceOf(ProofOutcome.Verified.class);
    }

    @Test
    void sealsThePrivateKeySoThatItOpensOnlyInItsContext() {
        byte[] sealedKey = jdbc.sql("select sealed from verify_proof_private_key limit 1").query(byte[].class).single();

        assertThat(sealed.open(sealedKey, ProofKeyStore.CONTEXT)).isNotEmpty();
        assertThatThrownBy(() -> sealed.open(sealedKey, "identity/national-id")).isInstanceOf(SealedValueException.class);
    }

    @Test
    void listsANewKeyAtOnceAndSignsWithItOnlyAfterTheDelay() throws Exception {
        String before = signer.link(SUBJECT);
        String oldKid = kid(before);

        ProofKey newest = rotation.rotate();

        assertThat(newest.kid()).isNotEqualTo(oldKid);
        List<String> listed = JWKSet.parse(keys.jwks()).getKeys().stream().map(key -> key.getKeyID()).toList();
        assertThat(listed).startsWith(newest.kid()).contains(oldKid);
        assertThat(kid(signer.link(SUBJECT))).as("not before the delay").isEqualTo(oldKid);
        await().atMost(Duration.ofSeconds(15)).until(() -> kid(signer.link(SUBJECT)).equals(newest.kid()));
        assertThat(check.check(SUBJECT.uri().toString(), proof(before))).as("an old proof still verifies")
                .isInstanceOf(ProofOutcome.Verified.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                "select kid from verify_proof_private_key").query(String.class).list()).containsExactly(newest.kid()));
        assertThat(jdbc.sql("select retired_at is not null from verify_proof_key where kid = ?").param(oldKid)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void keepsSigningAfterAMasterKeyRotationRemovedTheOldMasterKey(@TempDir Path state) throws Exception {
        AeadConfig.register();
        KeysetHandle first = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        KeysetHandle both = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(first.getPrimary().getKey()).withFixedId(first.getPrimary().getId()))
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId()
                        .makePrimary())
                .build();
        KeysetHandle secondOnly = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(both.getPrimary().getKey()).withFixedId(both.getPrimary().getId())
                        .makePrimary())
                .build();
        String kid;
        try (var node = start(state, first)) {
            kid = kid(node.getBean(DocumentProofs.class).link(SUBJECT));
        }
        try (var node = start(state, both)) {
            String base = "http://localhost:" + node.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/admin/storage/key-rotations")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).isEqualTo(202);
            HttpRequest progress = HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/storage/key-rotations/latest"))
                    .header("Authorization", "Bearer " + TOKEN).build();
            String done = await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.send(progress, HttpResponse.BodyHandlers.ofString()).body(),
                            body -> body.contains("\"state\":\"DONE"));
            assertThat(done).contains("\"state\":\"DONE\"", "\"failed\":0");
        }
        try (var node = start(state, secondOnly)) {
            String link = node.getBean(DocumentProofs.class).link(SUBJECT);
            assertThat(kid(link)).as("the same key, opened under the new master key").isEqualTo(kid);
            assertThat(node.getBean(ProofCheck.class).check(SUBJECT.uri().toString(), proof(link)))
                    .isInstanceOf(ProofOutcome.Verified.class);
        }
    }

    static ConfigurableApplicationContext start(Path state, KeysetHandle keyset) throws Exception {
        return new SpringApplicationBuilder(TijoriApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off", "--tijori.data-dir=" + state, "--tijori.admin.bootstrap-token=" + TOKEN,
                "--tijori.keys.keyset=" + TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
    }

    static String proof(String link) {
        return link.substring(link.indexOf("?p=") + 3);
    }

    static String kid(String link) {
        String header = new String(java.util.Base64.getUrlDecoder().decode(proof(link).split("\\.")[0]),
                java.nio.charset.StandardCharsets.UTF_8);
        return header.substring(header.indexOf("\"kid\":\"") + 7, header.lastIndexOf('"'));
    }
}
