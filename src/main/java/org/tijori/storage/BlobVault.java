package org.tijori.storage;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.google.crypto.tink.StreamingAead;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way in and out for every document Tijori keeps. Content is streamed (memory use does not
 * grow with its size), encrypted with a data key of its own, and authenticated: altered, truncated
 * or swapped ciphertext is reported as a {@link BlobIntegrityException}, never returned as data.
 * <p>
 * A blob's row joins the caller's transaction. Its object is written before that, under an intent
 * that is committed first (with those of other stores running at the same time, on a connection of its
 * own): if the caller rolls back or the node dies, the orphan collector removes the object after
 * {@code tijori.storage.orphan-grace-period}.
 */
public class BlobVault {

    static final int BUFFER = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(BlobVault.class);

    private final BlobStore store;

    private final VaultKeys keys;

    private final BlobCatalog catalog;

    private final Clock clock;

    private final long maxBlobSize;

    private final TransactionTemplate joined;

    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    private final TransactionTemplate separate;

    private final Counter bytesIn;

    private final Counter bytesOut;

    private final Counter integrityFailures;

    private final MeterRegistry meters;

    BlobVault(BlobStore store, VaultKeys keys, BlobCatalog catalog, Clock clock, StorageProperties properties,
            PlatformTransactionManager transactions, MeterRegistry meters) {
        this.store = store;
        this.keys = keys;
        this.catalog = catalog;
        this.clock = clock;
        this.maxBlobSize = properties.maxBlobSize().toBytes();
        this.joined = new TransactionTemplate(transactions);
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.meters = meters;
        this.bytesIn = Counter.builder("tijori.storage.bytes.in").baseUnit("bytes")
                .description("Plaintext bytes stored in the vault").register(meters);
        this.bytesOut = Counter.builder("tijori.storage.bytes.out").baseUnit("bytes")
                .description("Plaintext bytes read from the vault").register(meters);
        this.integrityFailures = Counter.builder("tijori.storage.integrity.failures")
                .description("Reads that found altered, truncated or missing ciphertext").register(meters);
    }

    /** Stores content of any length up to {@code tijori.storage.max-blob-size}. */
    public StoredBlob store(InputStream content) {
        return store(content, maxBlobSize);
    }

    /**
     * Stores content of unknown length, refusing it as soon as it grows past {@code maxBytes} (or the
     * vault's own limit, whichever is smaller), without reading the rest.
     *
     * @throws BlobTooLargeException when the content is too large; nothing is kept
     * @throws BlobStorageException when the content cannot be read or the store fails; nothing is kept
     */
    public StoredBlob store(InputStream content, long maxBytes) {
        long limit = Math.min(maxBytes, maxBlobSize);
        Timer.Sample timing = Timer.start(meters);
        BlobId id = BlobId.random();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        catalog.commitIntent(id, now);
        VaultKeys.BlobKey key = keys.newBlobKey(id);
        MessageDigest sha256 = sha256();
        long size = 0;
        try (BlobStore.Upload upload = store.begin(name(id))) {
            OutputStream encrypting = key.aead().newEncryptingStream(new KeepOpen(upload),
                    VaultKeys.associatedData(id));
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = readContent(content, buffer)) >= 0) {
                size += read;
                if (size > limit) {
                    throw new BlobTooLargeException(limit);
                }
                sha256.update(buffer, 0, read);
                encrypting.write(buffer, 0, read);
            }
            encrypting.close();
            upload.commit();
        }
        catch (BlobTooLargeException | ContentUnreadableException e) {
            settleFailedStore(id, timing);
            throw e instanceof ContentUnreadableException unreadable
                    ? new BlobStorageException("The content could not be read to the end", unreadable.getCause())
                    : e;
        }
        catch (IOException | GeneralSecurityException | RuntimeException e) {
            settleFailedStore(id, timing);
            throw new BlobStorageException("The blob store could not keep the content: " + e.getMessage(), e);
        }
        var blob = new StoredBlob(id, size, HexFormat.of().formatHex(sha256.digest()), key.keyId(), now);
        catalog.record(blob, key.wrapped());
        bytesIn.increment(size);
        timing.stop(timer("store", "stored"));
        return blob;
    }

    /** What the vault knows of a blob. */
    public Optional<StoredBlob> describe(BlobId id) {
        return catalog.find(id).map(BlobCatalog.Entry::blob);
    }

    /**
     * Reads a whole blob. The stream reports damage as a {@link BlobIntegrityException} before it
     * returns any byte of a damaged segment.
     *
     * @throws BlobNotFoundException when no such blob is stored
     */
    public InputStream open(BlobId id) throws IOException {
        Timer.Sample timing = Timer.start(meters);
        BlobCatalog.Entry entry = catalog.find(id).orElseThrow(() -> new BlobNotFoundException(id));
        StreamingAead aead = dataKeyOf(entry);
        try {
            var ciphertext = new SourceStream(store.read(name(id)));
            InputStream plaintext = aead.newDecryptingStream(ciphertext, VaultKeys.associatedData(id));
            timing.stop(timer("open", "opened"));
            return new PlaintextStream(id, plaintext, ciphertext::failed, Long.MAX_VALUE);
        }
        catch (NoSuchFileException | GeneralSecurityException e) {
            throw integrityFailure(id, e);
        }
    }

    /**
     * Reads {@code length} bytes of a blob from {@code offset}, decrypting only the segments that hold
     * them.
     *
     * @throws IllegalArgumentException when the range does not lie within the blob
     */
    public InputStream open(BlobId id, long offset, long length) throws IOException {
        Timer.Sample timing = Timer.start(meters);
        BlobCatalog.Entry entry = catalog.find(id).orElseThrow(() -> new BlobNotFoundException(id));
        long size = entry.blob().size();
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IllegalArgumentException("The range " + offset + "+" + length + " does not lie within the "
                    + size + " bytes of blob " + id);
        }
        StreamingAead aead = dataKeyOf(entry);
        try {
            var ciphertext = new SourceChannel(store.channel(name(id)));
            SeekableByteChannel plaintext = aead.newSeekableDecryptingChannel(ciphertext,
                    VaultKeys.associatedData(id));
            plaintext.position(offset);
            timing.stop(timer("open-range", "opened"));
            return new PlaintextStream(id, Channels.newInputStream(plaintext), ciphertext::failed, length);
        }
        catch (NoSuchFileException | GeneralSecurityException e) {
            throw integrityFailure(id, e);
        }
    }

    /**
     * Deletes a blob with the caller's transaction; its object is removed once that commits.
     *
     * @throws BlobNotFoundException when no such blob is stored
     */
    public void delete(BlobId id) {
        Timer.Sample timing = Timer.start(meters);
        Instant now = clock.instant();
        joined.executeWithoutResult(status -> {
            if (!catalog.remove(id)) {
                throw new BlobNotFoundException(id);
            }
            // If the object cannot be removed right after commit, the orphan collector will.
            catalog.recordIntent(id, now);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    removeObject(id);
                }
            });
        });
        timing.stop(timer("delete", "deleted"));
    }

    /**
     * Removes an object whose row is gone, then its intent; neither while a backup copies the objects
     * ({@link BlobCatalog#BACKUP_LOCK}), when the orphan collector removes both later.
     *
     * @return whether both are gone
     */
    boolean removeObject(BlobId id) {
        try {
            boolean removed = Boolean.TRUE.equals(separate.execute(status -> {
                if (!catalog.holdOffBackups()) {
                    return false;
                }
                try {
                    store.delete(name(id));
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                catalog.forgetIntent(id);
                return true;
            }));
            if (!removed) {
                log.debug("Kept the object of deleted blob {} while a backup runs; the orphan collector removes it", id);
            }
            return removed;
        }
        catch (RuntimeException e) {
            log.warn("Could not remove the object of blob {} yet; the orphan collector will: {}", id, e.toString());
            return false;
        }
    }

    static String name(BlobId id) {
        return id.value().toString();
    }

    private StreamingAead dataKeyOf(BlobCatalog.Entry entry) throws BlobIntegrityException {
        try {
            return keys.unwrap(entry.blob().id(), entry.wrappedKey());
        }
        catch (GeneralSecurityException e) {
            throw integrityFailure(entry.blob().id(), e);
        }
    }

    private BlobIntegrityException integrityFailure(BlobId id, Throwable cause) {
        integrityFailures.increment();
        log.error("Blob {} failed its integrity check: {}", id, cause.toString());
        return new BlobIntegrityException(id, cause);
    }

    private void settleFailedStore(BlobId id, Timer.Sample timing) {
        timing.stop(timer("store", "failed"));
        try {
            separate.executeWithoutResult(status -> catalog.forgetIntent(id));
        }
        catch (RuntimeException e) {
            log.warn("Could not forget the intent of failed blob {}; the orphan collector will: {}", id, e.toString());
        }
    }

    /** The timer of an operation and its outcome, looked up in the registry once rather than on every store. */
    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + "/" + outcome, key -> Timer.builder("tijori.storage.operation")
                .tag("operation", operation).tag("outcome", outcome).description("Vault operations").register(meters));
    }

    private static int readContent(InputStream content, byte[] buffer) {
        try {
            int total = 0;
            while (total < buffer.length) {
                int read = content.read(buffer, total, buffer.length - total);
                if (read < 0) {
                    return total == 0 ? -1 : total;
                }
                total += read;
            }
            return total;
        }
        catch (IOException e) {
            throw new ContentUnreadableException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The caller's stream failed: not the store's fault, and not an integrity problem. */
    private static final class ContentUnreadableException extends RuntimeException {

        ContentUnreadableException(IOException cause) {
            super(cause);
        }
    }

    /** Lets Tink close its encrypting stream without closing the upload before it commits. */
    private static final class KeepOpen extends FilterOutputStream {

        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Ciphertext from the store, remembering whether the store itself failed. */
    private static final class SourceStream extends FilterInputStream {

        private volatile boolean failed;

        SourceStream(InputStream in) {
            super(in);
        }

        boolean failed() {
            return failed;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            }
            catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            try {
                return super.read(bytes, offset, length);
            }
            catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    /** A seekable ciphertext channel from the store, remembering whether the store itself failed. */
    private static final class SourceChannel implements SeekableByteChannel {

        private final SeekableByteChannel channel;

        private volatile boolean failed;

        SourceChannel(SeekableByteChannel channel) {
            this.channel = channel;
        }

        boolean failed() {
            return failed;
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            try {
                return channel.read(destination);
            }
            catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            return channel.write(source);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Plaintext for the caller: at most {@code remaining} bytes, counted, with decryption failures
     * reported as integrity failures and the store's own failures passed on as they are.
     */
    private final class PlaintextStream extends FilterInputStream {

        private final BlobId id;

        private final java.util.function.BooleanSupplier sourceFailed;

        private long remaining;

        PlaintextStream(BlobId id, InputStream in, java.util.function.BooleanSupplier sourceFailed, long limit) {
            super(in);
            this.id = id;
            this.sourceFailed = sourceFailed;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read;
            try {
                read = super.read(bytes, offset, (int) Math.min(length, remaining));
            }
            catch (BlobIntegrityException e) {
                throw e;
            }
            catch (IOException e) {
                if (sourceFailed.getAsBoolean()) {
                    throw e;
                }
                throw integrityFailure(id, e);
            }
            if (read > 0) {
                remaining -= read;
                bytesOut.increment(read);
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            // Through read(), so that skipped segments are authenticated too.
            byte[] discard = new byte[(int) Math.min(BUFFER, Math.max(n, 0))];
            long skipped = 0;
            while (skipped < n) {
                int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}
