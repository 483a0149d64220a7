package org.tijori.storage;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.TijoriApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The vault as an operator meets it: the development keyset and its warning, a wrong keyset refused
 * at start-up, and key rotation from the administration API.
 */
@ExtendWith(OutputCaptureExtension.class)
class StorageStartupTests {

    static final String TOKEN = "storage-test-token-0123456789";

    static {
        try {
            AeadConfig.register();
        }
        catch (java.security.GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static ConfigurableApplicationContext start(Path state, String... more) {
        String[] arguments = new String[more.length + 4];
        arguments[0] = "--server.port=0";
        arguments[1] = "--spring.main.banner-mode=off";
        arguments[2] = "--tijori.data-dir=" + state;
        arguments[3] = "--tijori.admin.bootstrap-token=" + TOKEN;
        System.arraycopy(more, 0, arguments, 4, more.length);
        return new SpringApplicationBuilder(TijoriApplication.class).run(arguments);
    }

    static java.util.List<Throwable> causes(Throwable failure) {
        var chain = new java.util.ArrayList<Throwable>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    static String keysetJson(KeysetHandle handle) throws Exception {
        return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
    }

    @Test
    void warnsAboutTheDevelopmentKeysetAndRefusesAKeysetThatCannotOpenWhatIsStored(@TempDir Path state,
            CapturedOutput output) throws Exception {
        try (var context = start(state)) {
            context.getBean(BlobVault.class).store(new ByteArrayInputStream("a marksheet".getBytes()));
        }
        assertThat(output.getAll()).contains("Created a DEVELOPMENT keyset in " + state.resolve("keys"));

        String stranger = keysetJson(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        assertThatThrownBy(() -> start(state, "--tijori.keys.keyset=" + stranger))
                .hasRootCauseInstanceOf(KeysetUnusableException.class);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("The master keyset cannot open the data keys of stored blobs")
                .contains("TIJORI_KEYS_KEYSET");

        assertThatThrownBy(() -> start(state, "--tijori.keys.keyset={\"not\": \"a keyset\"}"))
                .satisfies(failure -> assertThat(causes(failure)).hasAtLeastOneElementOfType(KeysetUnusableException.class));
        assertThat(output.getAll()).contains("is not a Tink keyset in JSON").doesNotContain("\tat ");
    }

    @Test
    void rotatesKeysFromTheAdministrationApi(@TempDir Path state) throws Exception {
        KeysetHandle first = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        try (var context = start(state, "--tijori.keys.keyset=" + keysetJson(first))) {
            context.getBean(BlobVault.class).store(new ByteArrayInputStream("an old licence".getBytes()));
        }
        KeysetHandle rotated = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(first.getPrimary().getKey()).withFixedId(first.getPrimary().getId()))
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId()
                        .makePrimary())
                .build();
        try (var context = start(state, "--tijori.keys.keyset=" + keysetJson(rotated))) {
            String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/admin/storage/key-rotations")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);

            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/admin/storage/key-rotations")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).isEqualTo(202);
            // One blob's data key, the look-up secret of SealedValues, the private proof key of verify, the gateway's
            // signing key, the national-ID authority's key and the e-sign CA's key: each made when the node first
            // starts.
            assertThat(started.body()).contains("\"total\":6", "\"targetKeyId\":"
                    + Integer.toUnsignedLong(rotated.getPrimary().getId()));

            HttpRequest progress = HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/storage/key-rotations/latest"))
                    .header("Authorization", "Bearer " + TOKEN).build();
            String latest = await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.send(progress, HttpResponse.BodyHandlers.ofString()).body(),
                            body -> body.contains("\"state\":\"DONE\""));
            assertThat(latest).contains("\"state\":\"DONE\"", "\"done\":6", "\"failed\":0");
        }
    }
}
