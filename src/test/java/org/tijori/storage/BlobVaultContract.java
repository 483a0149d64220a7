package org.tijori.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every blob store must do behind the vault. Each store runs this suite against a real
 * PostgreSQL and its real backend (a folder, an S3 protocol server).
 */
abstract class BlobVaultContract {

    static final int SEGMENT = VaultKeys.SEGMENT_SIZE;

    @Autowired
    BlobVault vault;

    @Autowired
    BlobStore store;

    @Autowired
    OrphanBlobCollector collector;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    /** How many committed objects the backend holds. */
    abstract long objectsInStore() throws IOException;

    /** The raw ciphertext of an object. */
    abstract byte[] rawObject(String name) throws IOException;

    /** Replaces the raw ciphertext of an object, as an attacker with access to the backend would. */
    abstract void replaceRawObject(String name, byte[] ciphertext) throws IOException;

    @BeforeEach
    void emptyVault() throws IOException {
        for (var id : jdbc.sql("select id from storage_blob").query(java.util.UUID.class).list()) {
            vault.delete(new BlobId(id));
        }
        collector.collect(Instant.now().plusSeconds(3600));
        assertThat(objectsInStore()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 1000, SEGMENT - 40, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 17, 3 * 1024 * 1024 + 7, 11 * 1024 * 1024 + 3 })
    void storesAndReadsBackContentOfAnySize(int size) throws Exception {
        byte[] content = random(size, size);
        double bytesInBefore = meters.get("tijori.storage.bytes.in").counter().count();
        double bytesOutBefore = meters.get("tijori.storage.bytes.out").counter().count();

        StoredBlob stored = vault.store(new ByteArrayInputStream(content));

        assertThat(meters.get("tijori.storage.bytes.in").counter().count() - bytesInBefore).isEqualTo(size);
        assertThat(stored.size()).isEqualTo(size);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        assertThat(vault.describe(stored.id())).contains(stored);
        try (InputStream read = vault.open(stored.id())) {
            assertThat(read.readAllBytes()).isEqualTo(content);
        }
        assertThat(meters.get("tijori.storage.bytes.out").counter().count() - bytesOutBefore).isEqualTo(size);
        assertThat(meters.get("tijori.storage.operation").tag("operation", "store").tag("outcome", "stored")
                .timer().count()).isPositive();
        byte[] raw = rawObject(BlobVault.name(stored.id()));
        assertThat(raw).as("kept with its header and tags").hasSizeGreaterThan(size);
        if (size >= 16) {
            // A shorter run of plaintext may turn up in random ciphertext by chance.
            assertThat(indexOf(raw, Arrays.copyOf(content, Math.min(size, 32)))).as("kept encrypted").isNegative();
        }
    }

    @Test
    void readsAnyRange() throws Exception {
        byte[] content = random(5 * SEGMENT + 123, 7);
        StoredBlob stored = vault.store(new ByteArrayInputStream(content));

        long[][] ranges = { { 0, 10 }, { SEGMENT - 30, 60 }, { 2 * SEGMENT, SEGMENT }, { content.length - 5, 5 },
                { content.length, 0 }, { 100_000, 200_000 }, { 0, content.length } };
        for (long[] range : ranges) {
            try (InputStream part = vault.open(stored.id(), range[0], range[1])) {
                assertThat(part.readAllBytes()).as("range %d+%d", range[0], range[1])
                        .isEqualTo(Arrays.copyOfRange(content, (int) range[0], (int) (range[0] + range[1])));
            }
        }
    }

    @Test
    void refusesARangeOutsideTheBlob() {
        StoredBlob stored = vault.store(new ByteArrayInputStream(random(100, 1)));

        assertThatThrownBy(() -> vault.open(stored.id(), 90, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.open(stored.id(), -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.open(stored.id(), 101, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesContentOverTheLimitWithoutReadingTheRestAndKeepsNothing() throws Exception {
        var endless = new CountingEndlessStream();

        assertThatThrownBy(() -> vault.store(endless, 1024 * 1024)).isInstanceOf(BlobTooLargeException.class);

        assertThat(endless.read).isLessThanOrEqualTo(1024 * 1024 + BlobVault.BUFFER);
        assertNothingKept();
    }

    @Test
    void contentThatBreaksHalfwayLeavesNothing() throws Exception {
        InputStream breaking = new InputStream() {
            int left = 3 * SEGMENT;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("client went away");
                }
                return 42;
            }
        };

        assertThatThrownBy(() -> vault.store(breaking)).isInstanceOf(BlobStorageException.class)
                .hasMessageContaining("could not be read");
        assertNothingKept();
    }

    @Test
    void findsAlteredCiphertext() throws Exception {
        StoredBlob stored = vault.store(new ByteArrayInputStream(random(3 * SEGMENT, 3)));
        double failuresBefore = integrityFailures();

        tamper(stored, raw -> {
            raw[SEGMENT + 100] ^= 0x01;
            return raw;
        });

        assertUnreadable(stored);
        assertThat(integrityFailures()).isGreaterThan(failuresBefore);
    }

    @Test
    void findsTruncatedCiphertext() throws Exception {
        StoredBlob stored = vault.store(new ByteArrayInputStream(random(3 * SEGMENT, 4)));
        String name = BlobVault.name(stored.id());
        byte[] original = rawObject(name);

        replaceRawObject(name, Arrays.copyOf(original, original.length - 10));
        assertUnreadable(stored);

        // Cut exactly where a ciphertext segment ends: only the missing last-segment marker tells.
        replaceRawObject(name, Arrays.copyOf(original, 2 * SEGMENT));
        assertUnreadable(stored);
    }

    @Test
    void findsReorderedSegments() throws Exception {
        StoredBlob stored = vault.store(new ByteArrayInputStream(random(4 * SEGMENT, 5)));

        tamper(stored, raw -> {
            byte[] swapped = raw.clone();
            System.arraycopy(raw, SEGMENT, swapped, 2 * SEGMENT, SEGMENT);
            System.arraycopy(raw, 2 * SEGMENT, swapped, SEGMENT, SEGMENT);
            return swapped;
        });

        assertUnreadable(stored);
    }

    @Test
    void findsTheCiphertextOfAnotherBlob() throws Exception {
        StoredBlob first = vault.store(new ByteArrayInputStream(random(1000, 8)));
        StoredBlob second = vault.store(new ByteArrayInputStream(random(1000, 9)));

        replaceRawObject(BlobVault.name(second.id()), rawObject(BlobVault.name(first.id())));

        assertUnreadable(second);
    }

    @Test
    void findsAMissingObject() throws Exception {
        StoredBlob stored = vault.store(new ByteArrayInputStream(random(1000, 10)));

        store.delete(BlobVault.name(stored.id()));

        assertThatThrownBy(() -> vault.open(stored.id()).readAllBytes()).isInstanceOf(BlobIntegrityException.class);
    }

    @Test
    void deletesTheBlobAndItsObject() throws Exception {
        StoredBlob stored = vault.store(new ByteArrayInputStream(random(1000, 11)));

        vault.delete(stored.id());

        assertThat(vault.describe(stored.id())).isEmpty();
        assertThat(store.exists(BlobVault.name(stored.id()))).isFalse();
        assertThatThrownBy(() -> vault.open(stored.id())).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> vault.delete(stored.id())).isInstanceOf(BlobNotFoundException.class);
        assertNothingKept();
    }

    @Test
    void aDeletedBlobsObjectStaysWhileABackupCopiesAndIsCollectedAfterIt() throws Exception {
        StoredBlob stored = vault.store(new ByteArrayInputStream(random(1000, 15)));
        String name = BlobVault.name(stored.id());
        try (Connection backup = dataSource.getConnection(); Statement session = backup.createStatement()) {
            // What deploy/backup/backup.sh does before its snapshot; it holds the lock until the objects are copied.
            session.execute("select pg_advisory_lock(" + BlobCatalog.BACKUP_LOCK + ")");

            vault.delete(stored.id());

            assertThat(vault.describe(stored.id())).isEmpty();
            assertThat(store.exists(name)).as("kept for the running backup").isTrue();
            assertThat(collector.collect(Instant.now().plusSeconds(3600))).isZero();
            assertThat(store.exists(name)).as("not collected while the backup runs").isTrue();

            session.execute("select pg_advisory_unlock(" + BlobCatalog.BACKUP_LOCK + ")");
        }
        assertThat(collector.collect(Instant.now().minusSeconds(60))).as("too young to collect").isZero();
        assertThat(collector.collect(Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(store.exists(name)).isFalse();
        assertNothingKept();
    }

    @Test
    void theBackupScriptTakesTheVaultsBackupLock() throws IOException {
        assertThat(Files.readString(Path.of("deploy", "backup", "backup.sh")))
                .contains("pg_advisory_lock(" + BlobCatalog.BACKUP_LOCK + ")");
    }

    @Test
    void aDeleteThatRollsBackKeepsTheBlob() throws Exception {
        byte[] content = random(1000, 12);
        StoredBlob stored = vault.store(new ByteArrayInputStream(content));

        transactions.executeWithoutResult(status -> {
            vault.delete(stored.id());
            status.setRollbackOnly();
        });

        try (InputStream read = vault.open(stored.id())) {
            assertThat(read.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void collectsAnObjectWhoseRowNeverCommitted() throws Exception {
        StoredBlob kept = vault.store(new ByteArrayInputStream(random(1000, 13)));
        StoredBlob[] rolledBack = new StoredBlob[1];
        transactions.executeWithoutResult(status -> {
            rolledBack[0] = vault.store(new ByteArrayInputStream(random(2000, 14)));
            status.setRollbackOnly();
        });
        assertThat(vault.describe(rolledBack[0].id())).isEmpty();
        assertThat(store.exists(BlobVault.name(rolledBack[0].id()))).as("written before the row").isTrue();

        assertThat(collector.collect(Instant.now().minusSeconds(60))).as("too young to collect").isZero();
        assertThat(collector.collect(Instant.now().plusSeconds(1))).isEqualTo(1);

        assertThat(store.exists(BlobVault.name(rolledBack[0].id()))).isFalse();
        assertThat(store.exists(BlobVault.name(kept.id()))).isTrue();
        assertThat(jdbc.sql("select count(*) from storage_blob_intent").query(Long.class).single()).isZero();
    }

    @Test
    void storesSideBySideEachCommitTheirIntentBeforeWritingSoEveryRolledBackObjectIsCollected() throws Exception {
        int stores = 8;
        long intentsBefore = jdbc.sql("select count(*) from storage_blob_intent").query(Long.class).single();
        java.util.Set<BlobId> rolledBack = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(stores);
        try {
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < stores; i++) {
                long seed = 100 + i;
                done.add(threads.submit(() -> transactions.executeWithoutResult(status -> {
                    StoredBlob stored = vault.store(new IntentCheckingStream(random(3000, seed)));
                    rolledBack.add(stored.id());
                    status.setRollbackOnly();
                })));
            }
            for (var each : done) {
                each.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(rolledBack).hasSize(stores);
        for (BlobId id : rolledBack) {
            assertThat(vault.describe(id)).isEmpty();
            assertThat(store.exists(BlobVault.name(id))).as("written before the row").isTrue();
        }
        assertThat(jdbc.sql("select count(*) from storage_blob_intent").query(Long.class).single())
                .as("one committed intent for each object").isEqualTo(intentsBefore + stores);

        assertThat(collector.collect(Instant.now().plusSeconds(1))).isEqualTo(stores);

        for (BlobId id : rolledBack) {
            assertThat(store.exists(BlobVault.name(id))).isFalse();
        }
        assertNothingKept();
    }

    /**
     * Content whose first read checks, on a connection outside the storing transaction, that an intent younger
     * than the store is committed: the object is written only after that.
     */
    private final class IntentCheckingStream extends ByteArrayInputStream {

        private final Instant started = Instant.now().minusSeconds(1);

        private boolean checked;

        IntentCheckingStream(byte[] content) {
            super(content);
        }

        @Override
        public synchronized int read(byte[] bytes, int offset, int length) {
            if (!checked) {
                checked = true;
                long committed;
                try {
                    committed = java.util.concurrent.CompletableFuture.supplyAsync(() -> jdbc.sql(
                            "select count(*) from storage_blob_intent where created_at >= ?")
                            .param(java.time.OffsetDateTime.ofInstant(started, java.time.ZoneOffset.UTC))
                            .query(Long.class).single()).get(30, java.util.concurrent.TimeUnit.SECONDS);
                }
                catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                assertThat(committed).as("the intent is committed before the object is written").isPositive();
            }
            return super.read(bytes, offset, length);
        }
    }

    @Test
    void collectsWhatAnInterruptedUploadLeftBehind() throws Exception {
        BlobStore.Upload interrupted = store.begin(java.util.UUID.randomUUID().toString());
        interrupted.write(random(6 * 1024 * 1024 + 1, 15));
        // No commit and no abort: the node died here.

        assertThat(store.removeIncompleteBefore(Instant.now().plusSeconds(1))).isGreaterThanOrEqualTo(1);
        assertThat(objectsInStore()).isZero();
    }

    void assertNothingKept() throws IOException {
        assertThat(jdbc.sql("select count(*) from storage_blob").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from storage_blob_intent").query(Long.class).single()).isZero();
        assertThat(objectsInStore()).isZero();
        assertThat(store.removeIncompleteBefore(Instant.now().plusSeconds(1))).as("no upload left open").isZero();
    }

    private void tamper(StoredBlob stored, UnaryOperator<byte[]> change) throws IOException {
        String name = BlobVault.name(stored.id());
        replaceRawObject(name, change.apply(rawObject(name)));
    }

    private void assertUnreadable(StoredBlob stored) {
        assertThatThrownBy(() -> {
            try (InputStream read = vault.open(stored.id())) {
                read.readAllBytes();
            }
        }).isInstanceOf(BlobIntegrityException.class);
        assertThatThrownBy(() -> {
            try (InputStream read = vault.open(stored.id(), 0, stored.size())) {
                read.readAllBytes();
            }
        }).isInstanceOf(BlobIntegrityException.class);
    }

    private double integrityFailures() {
        return meters.get("tijori.storage.integrity.failures").counter().count();
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        if (needle.length == 0) {
            return -1;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Content without end, counting what the vault took from it. */
    static final class CountingEndlessStream extends InputStream {

        long read;

        @Override
        public int read() {
            read++;
            return 7;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            Arrays.fill(bytes, offset, offset + length, (byte) 7);
            read += length;
            return length;
        }
    }
}
