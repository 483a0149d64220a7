package org.tijori.storage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Rotating the master key: new blobs use the new primary, old ones stay readable, and re-wrapping
 * moves every data key and sealed secret under the new primary without touching the content.
 */
@SpringBootTest
class KeyRotationTests {

    @Autowired
    BlobStore store;

    @Autowired
    BlobCatalog catalog;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PlatformTransactionManager transactionManager;

    KeysetHandle first;

    KeysetHandle firstAndSecond;

    KeysetHandle secondOnly;

    /** The application's own look-up secret, sealed under its keyset, set aside while these keysets rotate. */
    List<Map<String, Object>> applicationSecrets;

    @BeforeEach
    void keysets() throws Exception {
        jdbc.sql("delete from storage_blob").update();
        jdbc.sql("delete from storage_key_rotation").update();
        applicationSecrets = jdbc.sql("select name, sealed, created_at from storage_secret").query().listOfRows();
        jdbc.sql("delete from storage_secret").update();
        first = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        var secondEntry = KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId();
        firstAndSecond = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(first.getPrimary().getKey()).withFixedId(first.getPrimary().getId()))
                .addEntry(secondEntry.makePrimary())
                .build();
        secondOnly = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(firstAndSecond.getPrimary().getKey())
                        .withFixedId(firstAndSecond.getPrimary().getId()).makePrimary())
                .build();
    }

    @AfterEach
    void restoreApplicationSecrets() {
        jdbc.sql("delete from storage_secret").update();
        for (Map<String, Object> row : applicationSecrets) {
            jdbc.sql("insert into storage_secret (name, sealed, created_at) values (:name, :sealed, :created_at)")
                    .params(row).update();
        }
    }

    BlobVault vaultWith(KeysetHandle master) {
        var properties = new StorageProperties(StorageProperties.Type.FILESYSTEM, DataSize.ofGigabytes(1),
                java.time.Duration.ofHours(1), null);
        return new BlobVault(store, VaultKeys.of(master), catalog, Clock.systemUTC(), properties, transactionManager,
                new SimpleMeterRegistry());
    }

    @Test
    void newBlobsUseTheNewPrimaryAndOldOnesStayReadable() throws Exception {
        StoredBlob old = vaultWith(first).store(new ByteArrayInputStream("old".getBytes()));

        BlobVault rotated = vaultWith(firstAndSecond);
        StoredBlob young = rotated.store(new ByteArrayInputStream("new".getBytes()));

        assertThat(old.keyId()).isEqualTo(Integer.toUnsignedLong(first.getPrimary().getId()));
        assertThat(young.keyId()).isEqualTo(Integer.toUnsignedLong(firstAndSecond.getPrimary().getId()));
        assertThat(read(rotated, old)).isEqualTo("old");
        assertThat(read(rotated, young)).isEqualTo("new");
    }

    @Test
    void rewrapsEveryDataKeyWithoutTouchingTheContentAndReportsProgress() throws Exception {
        BlobVault before = vaultWith(first);
        List<StoredBlob> blobs = new java.util.ArrayList<>();
        for (int i = 0; i < KeyRotation.BATCH + 20; i++) {
            blobs.add(before.store(new ByteArrayInputStream(("document " + i).getBytes())));
        }
        byte[] ciphertextBefore = Files.readAllBytes(((FileSystemBlobStore) store).pathOf(BlobVault.name(blobs.get(0).id())));
        var rotation = new KeyRotation(VaultKeys.of(firstAndSecond), catalog, jdbc, transactions, Clock.systemUTC());

        KeyRotationStatus started = rotation.start();
        assertThat(started.total()).isEqualTo(blobs.size());
        awaitFinished(rotation);

        KeyRotationStatus finished = rotation.latest().orElseThrow();
        assertThat(finished.state()).isEqualTo("DONE");
        assertThat(finished.done()).isEqualTo(blobs.size());
        assertThat(finished.failed()).isZero();
        assertThat(finished.finishedAt()).isNotNull();
        long target = Integer.toUnsignedLong(firstAndSecond.getPrimary().getId());
        assertThat(jdbc.sql("select count(*) from storage_blob where key_id <> ?").param(target)
                .query(Long.class).single()).isZero();
        assertThat(Files.readAllBytes(((FileSystemBlobStore) store).pathOf(BlobVault.name(blobs.get(0).id()))))
                .as("content not re-encrypted").isEqualTo(ciphertextBefore);

        // The old key can now leave the keyset.
        BlobVault after = vaultWith(secondOnly);
        assertThat(read(after, blobs.get(0))).isEqualTo("document 0");
        assertThat(read(after, blobs.get(blobs.size() - 1))).isEqualTo("document " + (blobs.size() - 1));
        StorageConfiguration.checkKeysetOpensStoredBlobs(VaultKeys.of(secondOnly), catalog);
    }

    @Test
    void aRotationWhoseKeysetCannotOpenSomeKeysSaysHowMany() throws Exception {
        vaultWith(first).store(new ByteArrayInputStream("unreachable".getBytes()));
        vaultWith(secondOnly).store(new ByteArrayInputStream("fine".getBytes()));
        var rotation = new KeyRotation(VaultKeys.of(secondOnly), catalog, jdbc, transactions, Clock.systemUTC());

        rotation.start();
        awaitFinished(rotation);

        KeyRotationStatus finished = rotation.latest().orElseThrow();
        assertThat(finished.state()).isEqualTo("DONE_WITH_FAILURES");
        assertThat(finished.total()).isEqualTo(1);
        assertThat(finished.failed()).isEqualTo(1);
    }

    @Test
    void reSealsTheLookupSecretSoThatFingerprintsOutliveTheOldKey() throws Exception {
        byte[] fingerprint = new SealedValues(VaultKeys.of(first), jdbc, Clock.systemUTC())
                .fingerprint("test", "234567890124".getBytes());
        assertThatThrownBy(() -> new SealedValues(VaultKeys.of(secondOnly), jdbc, Clock.systemUTC()))
                .as("before the rotation, only the old key opens the secret")
                .isInstanceOf(KeysetUnusableException.class);
        var rotation = new KeyRotation(VaultKeys.of(firstAndSecond), catalog, jdbc, transactions, Clock.systemUTC());

        assertThat(rotation.start().total()).isEqualTo(1);
        awaitFinished(rotation);

        KeyRotationStatus finished = rotation.latest().orElseThrow();
        assertThat(finished.state()).isEqualTo("DONE");
        assertThat(finished.done()).isEqualTo(1);
        assertThat(new SealedValues(VaultKeys.of(secondOnly), jdbc, Clock.systemUTC())
                .fingerprint("test", "234567890124".getBytes())).isEqualTo(fingerprint);
    }

    @Test
    void reSealsAModulesSealedColumnAndPassesOverRowsWithoutAValue() throws Exception {
        jdbc.sql("create table if not exists test_sealed_column (id uuid primary key, sealed bytea)").update();
        try {
            SealedValues before = new SealedValues(VaultKeys.of(first), jdbc, Clock.systemUTC());
            UUID sealedRow = UUID.randomUUID();
            jdbc.sql("insert into test_sealed_column (id, sealed) values (?, ?), (?, null)")
                    .params(sealedRow, before.seal("kept".getBytes(), "test/column"), UUID.randomUUID()).update();
            var rotation = new KeyRotation(VaultKeys.of(firstAndSecond), catalog, jdbc, transactions,
                    Clock.systemUTC(), List.of(new SealedColumn("test_sealed_column", "id", "sealed", "test/column")));

            assertThat(rotation.start().total()).as("the look-up secret and the one sealed value").isEqualTo(2);
            awaitFinished(rotation);

            assertThat(rotation.latest().orElseThrow().state()).isEqualTo("DONE");
            byte[] resealed = jdbc.sql("select sealed from test_sealed_column where id = ?").param(sealedRow)
                    .query(byte[].class).single();
            assertThat(new SealedValues(VaultKeys.of(secondOnly), jdbc, Clock.systemUTC()).open(resealed,
                    "test/column")).isEqualTo("kept".getBytes());
        }
        finally {
            jdbc.sql("drop table test_sealed_column").update();
        }
    }

    @Test
    void aSecretTheKeysetCannotOpenMakesTheRotationFailAndStaysAsItWas() throws Exception {
        byte[] fingerprint = new SealedValues(VaultKeys.of(first), jdbc, Clock.systemUTC())
                .fingerprint("test", "234567890124".getBytes());
        var rotation = new KeyRotation(VaultKeys.of(secondOnly), catalog, jdbc, transactions, Clock.systemUTC());

        rotation.start();
        awaitFinished(rotation);

        KeyRotationStatus finished = rotation.latest().orElseThrow();
        assertThat(finished.state()).isEqualTo("DONE_WITH_FAILURES");
        assertThat(finished.failed()).isEqualTo(1);
        assertThat(new SealedValues(VaultKeys.of(first), jdbc, Clock.systemUTC())
                .fingerprint("test", "234567890124".getBytes())).isEqualTo(fingerprint);
    }

    @Test
    void refusesAtStartUpAKeysetThatCannotOpenStoredBlobs() throws Exception {
        vaultWith(first).store(new ByteArrayInputStream("kept".getBytes()));
        KeysetHandle stranger = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);

        assertThatThrownBy(() -> StorageConfiguration.checkKeysetOpensStoredBlobs(VaultKeys.of(stranger), catalog))
                .isInstanceOf(KeysetUnusableException.class)
                .hasMessageContaining(String.valueOf(Integer.toUnsignedLong(first.getPrimary().getId())));
        StorageConfiguration.checkKeysetOpensStoredBlobs(VaultKeys.of(firstAndSecond), catalog);
    }

    @Test
    void refusesAKeysetThatIsNotJsonOrNotForEncryption(@TempDir Path keys) throws Exception {
        assertThatThrownBy(() -> VaultKeys.load("{not a keyset", keys)).isInstanceOf(KeysetUnusableException.class)
                .hasMessageContaining("tijori.keys.keyset");
        String macKeyset = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG), InsecureSecretKeyAccess.get());
        assertThatThrownBy(() -> VaultKeys.load(macKeyset, keys)).isInstanceOf(KeysetUnusableException.class)
                .hasMessageContaining("AEAD");
    }

    @Test
    void createsAPrivateDevelopmentKeysetOnceAndReusesIt(@TempDir Path keys) throws Exception {
        VaultKeys created = VaultKeys.load(null, keys);
        Path file = keys.resolve(VaultKeys.DEVELOPMENT_KEYSET);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(VaultKeys.load(null, keys).primaryKeyId()).isEqualTo(created.primaryKeyId());
        String json = Files.readString(file);
        assertThat(VaultKeys.load(json, keys.resolve("elsewhere")).primaryKeyId()).isEqualTo(created.primaryKeyId());
    }

    private static String read(BlobVault vault, StoredBlob blob) throws Exception {
        try (InputStream in = vault.open(blob.id())) {
            return new String(in.readAllBytes());
        }
    }

    private static void awaitFinished(KeyRotation rotation) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rotation.latest().orElseThrow().finishedAt() != null);
    }
}
