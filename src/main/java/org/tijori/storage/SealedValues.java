package org.tijori.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Small secrets that other modules keep in their own tables (a national ID, an issuer's client
 * secret): {@link #seal} encrypts a value under the master keyset's primary key, bound to a context
 * so that a sealed value cannot be moved to another column or purpose, and {@link #fingerprint} gives
 * a keyed HMAC-SHA256 to find a row by a secret value without storing the value in the clear.
 * <p>
 * Fingerprints stay the same across restarts, nodes and master key rotations: they are keyed by a
 * random secret created once, kept only sealed in {@code storage_secret}, and re-sealed by
 * {@link KeyRotation}. Values sealed here are not: a module that keeps sealed values must keep the
 * old master key in the keyset until it has sealed them again.
 */
public class SealedValues {

    /** The secret behind every fingerprint key. */
    static final String LOOKUP_SECRET = "lookup";

    private static final String HMAC_SHA256 = "HmacSHA256";

    private static final int SECRET_SIZE = 32;

    private static final SecureRandom random = new SecureRandom();

    private final VaultKeys keys;

    private final SecretKeySpec lookupSecret;

    private final Map<String, SecretKeySpec> purposeKeys = new ConcurrentHashMap<>();

    /**
     * Reads the look-up secret, creating it when no node has yet.
     *
     * @throws KeysetUnusableException when the master keyset cannot open the stored secret
     */
    SealedValues(VaultKeys keys, JdbcClient jdbc, Clock clock) {
        this.keys = keys;
        byte[] secret = secret(keys, jdbc, clock, LOOKUP_SECRET);
        this.lookupSecret = new SecretKeySpec(secret, HMAC_SHA256);
        Arrays.fill(secret, (byte) 0);
    }

    /**
     * Encrypts a value (AEAD under the master keyset's primary key) for the given context.
     *
     * @param value the value; it is not changed
     * @param context what the value is, as the same constant at sealing and opening
     *                ({@code "identity/national-id"}); a value only opens in its own context
     * @return the sealed value: a random nonce makes two seals of one value differ
     */
    public byte[] seal(byte[] value, String context) {
        Objects.requireNonNull(value, "value");
        return keys.seal(value, sealedAssociatedData(context));
    }

    /**
     * Opens a value sealed by {@link #seal} in the same context.
     *
     * @throws SealedValueException when it was sealed in another context, altered, or sealed under a
     *                              master key that is no longer in the keyset
     */
    public byte[] open(byte[] sealed, String context) {
        Objects.requireNonNull(sealed, "sealed");
        byte[] associatedData = sealedAssociatedData(context);
        try {
            return keys.open(sealed, associatedData);
        }
        catch (GeneralSecurityException e) {
            throw new SealedValueException(context, e);
        }
    }

    /**
     * A keyed HMAC-SHA256 of a value, to find a row by the value without keeping it in the clear: the
     * same for the same purpose and value on every node and after every restart, and unrelated between
     * purposes.
     *
     * @param purpose what the look-up is for, a constant ({@code "identity/national-id"})
     * @param value the value, in one canonical form chosen by the caller
     * @return 32 bytes
     */
    public byte[] fingerprint(String purpose, byte[] value) {
        requireName(purpose, "purpose");
        Objects.requireNonNull(value, "value");
        return hmac(purposeKeys.computeIfAbsent(purpose, this::purposeKey), value);
    }

    /** HKDF-style expansion: one key per purpose, so that fingerprints of one purpose reveal nothing of another. */
    private SecretKeySpec purposeKey(String purpose) {
        byte[] key = hmac(lookupSecret, ("purpose:" + purpose).getBytes(StandardCharsets.UTF_8));
        try {
            return new SecretKeySpec(key, HMAC_SHA256);
        }
        finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] message) {
        try {
            // A Mac is not thread-safe, and a new one costs little next to the HMAC itself.
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(key);
            return mac.doFinal(message);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] secret(VaultKeys keys, JdbcClient jdbc, Clock clock, String name) {
        byte[] associatedData = secretAssociatedData(name);
        byte[] sealed = stored(jdbc, name).orElseGet(() -> {
            byte[] candidate = new byte[SECRET_SIZE];
            random.nextBytes(candidate);
            byte[] sealedCandidate = keys.seal(candidate, associatedData);
            Arrays.fill(candidate, (byte) 0);
            // Nodes starting together each offer a secret; the first insert wins and all read it back.
            jdbc.sql("insert into storage_secret (name, sealed, created_at) values (?, ?, ?) on conflict (name) do nothing")
                    .params(name, sealedCandidate, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .update();
            return stored(jdbc, name).orElseThrow();
        });
        try {
            return keys.open(sealed, associatedData);
        }
        catch (GeneralSecurityException e) {
            throw new KeysetUnusableException("The master keyset cannot open the sealed secret '" + name
                    + "' in storage_secret, which every look-up fingerprint depends on. Start with the keyset it "
                    + "was sealed under; when rotating, keep the old keys in the keyset until a rotation has "
                    + "finished without failures.", e);
        }
    }

    private static Optional<byte[]> stored(JdbcClient jdbc, String name) {
        return jdbc.sql("select sealed from storage_secret where name = ?").param(name).query(byte[].class)
                .optional();
    }

    static byte[] secretAssociatedData(String name) {
        return ("tijori/secret/" + name).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sealedAssociatedData(String context) {
        requireName(context, "context");
        return ("tijori/sealed/" + context).getBytes(StandardCharsets.UTF_8);
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A " + what + " is needed");
        }
    }
}
