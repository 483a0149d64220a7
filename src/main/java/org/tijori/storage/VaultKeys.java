package org.tijori.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master keyset and the data keys it wraps. Each blob gets a fresh 256-bit data key for Tink's
 * streaming AEAD; the data key is stored only wrapped by the master keyset's primary AEAD key, with
 * the blob's ID as associated data, so a wrapped key cannot be moved to another blob.
 */
final class VaultKeys {

    /** 64 KiB segments: a range read decrypts at most two segments it does not need. */
    static final int SEGMENT_SIZE = 64 * 1024;

    static final String DEVELOPMENT_KEYSET = "master-keyset.json";

    private static final Logger log = LoggerFactory.getLogger(VaultKeys.class);

    private static final AesGcmHkdfStreamingParameters DATA_KEY_PARAMETERS;

    private static final SecureRandom random = new SecureRandom();

    static {
        try {
            AeadConfig.register();
            DATA_KEY_PARAMETERS = AesGcmHkdfStreamingParameters.builder()
                    .setKeySizeBytes(32)
                    .setDerivedAesGcmKeySizeBytes(32)
                    .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                    .setCiphertextSegmentSizeBytes(SEGMENT_SIZE)
                    .build();
        }
        catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final KeysetHandle master;

    private final Aead wrapper;

    private VaultKeys(KeysetHandle master) {
        this.master = master;
        try {
            this.wrapper = master.getPrimitive(RegistryConfiguration.get(), Aead.class);
        }
        catch (GeneralSecurityException e) {
            throw new KeysetUnusableException("The master keyset's primary key is not an AEAD key (AES-256-GCM "
                    + "expected): " + e.getMessage(), e);
        }
    }

    /** The keyset from {@code tijori.keys.keyset}, or a development keyset in {@code keysFolder}. */
    static VaultKeys load(String configuredJson, Path keysFolder) {
        if (configuredJson != null && !configuredJson.isBlank()) {
            return new VaultKeys(parse(configuredJson, "tijori.keys.keyset"));
        }
        Path file = keysFolder.resolve(DEVELOPMENT_KEYSET);
        try {
            if (Files.exists(file)) {
                log.warn("Using the DEVELOPMENT keyset in {}. Anyone who can read that file can read every "
                        + "stored document. In production, pass your own keyset in tijori.keys.keyset "
                        + "(TIJORI_KEYS_KEYSET).", file);
                return new VaultKeys(parse(Files.readString(file), file.toString()));
            }
            KeysetHandle created = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            Files.createDirectories(keysFolder);
            Path temporary = Files.createTempFile(keysFolder, ".keyset", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, TinkJsonProtoKeysetFormat.serializeKeyset(created,
                    InsecureSecretKeyAccess.get()));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.warn("Created a DEVELOPMENT keyset in {}. It protects every stored document: keep it with the "
                    + "data and never use it in production; pass your own keyset in tijori.keys.keyset "
                    + "(TIJORI_KEYS_KEYSET).", file);
            return new VaultKeys(created);
        }
        catch (IOException | GeneralSecurityException e) {
            throw new KeysetUnusableException("Cannot create or read the development keyset " + file + ": " + e, e);
        }
    }

    static VaultKeys of(KeysetHandle master) {
        return new VaultKeys(master);
    }

    private static KeysetHandle parse(String json, String source) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        }
        catch (GeneralSecurityException | RuntimeException e) {
            throw new KeysetUnusableException("The master keyset in " + source + " is not a Tink keyset in JSON: "
                    + e.getMessage(), e);
        }
    }

    /** The ID of the master key that wraps new data keys, as an unsigned number. */
    long primaryKeyId() {
        return Integer.toUnsignedLong(master.getPrimary().getId());
    }

    boolean hasKey(long keyId) {
        for (int i = 0; i < master.size(); i++) {
            if (Integer.toUnsignedLong(master.getAt(i).getId()) == keyId) {
                return true;
            }
        }
        return false;
    }

    BlobKey newBlobKey(BlobId blob) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        try {
            return new BlobKey(streaming(raw), wrapper.encrypt(raw, associatedData(blob)), primaryKeyId());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key", e);
        }
    }

    /**
     * Unwraps a stored data key.
     *
     * @throws GeneralSecurityException when no key of the keyset opens it
     */
    StreamingAead unwrap(BlobId blob, byte[] wrapped) throws GeneralSecurityException {
        return streaming(wrapper.decrypt(wrapped, associatedData(blob)));
    }

    /** Wraps the same data key again under the current primary master key. */
    byte[] rewrap(BlobId blob, byte[] wrapped) throws GeneralSecurityException {
        return reseal(wrapped, associatedData(blob));
    }

    /** Encrypts a small value under the current primary master key, bound to {@code associatedData}. */
    byte[] seal(byte[] value, byte[] associatedData) {
        try {
            return wrapper.encrypt(value, associatedData);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a value", e);
        }
    }

    /**
     * Opens a value sealed by {@link #seal}.
     *
     * @throws GeneralSecurityException when it was altered, sealed with other associated data, or under
     *                                  a master key that is not in the keyset
     */
    byte[] open(byte[] sealed, byte[] associatedData) throws GeneralSecurityException {
        return wrapper.decrypt(sealed, associatedData);
    }

    /** Seals the same value again under the current primary master key. */
    byte[] reseal(byte[] sealed, byte[] associatedData) throws GeneralSecurityException {
        byte[] value = wrapper.decrypt(sealed, associatedData);
        try {
            return wrapper.encrypt(value, associatedData);
        }
        finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    static byte[] associatedData(BlobId blob) {
        UUID id = blob.value();
        return ByteBuffer.allocate(16 + 8).put("tijori/1".getBytes(StandardCharsets.US_ASCII))
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static StreamingAead streaming(byte[] raw) throws GeneralSecurityException {
        return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(DATA_KEY_PARAMETERS,
                SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get())));
    }

    /** A blob's data key, ready to use, with its wrapped form for the catalogue. */
    record BlobKey(StreamingAead aead, byte[] wrapped, long keyId) {
    }
}
