package org.tijori.gateway.requester;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.tijori.storage.SealedValues;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Requesters' client secrets: 32 random bytes, base64url, shown once. What authenticates a requester is compared
 * with the secret's keyed hash ({@code SealedValues.fingerprint} in the purpose {@value #CONTEXT}): a secret of 256
 * random bits needs no stretching, and a stretched hash (Argon2) would cap the token endpoint at a few requests a
 * second per core. The secret is also kept sealed in the same context, only because DigiLocker's protocol keys
 * HMACs with it (a file's {@code hmac} header, an upload's {@code hmac}, the form credential).
 * <p>
 * {@link #passwordEncoder()} is how the authorization server compares a presented secret with a requester's
 * registered one (the hash in hex). It is no bean of its own: the administrators' and residents' passwords have
 * theirs.
 */
@Component
public class ClientSecrets {

    /** The purpose of the secret's keyed hash, and the context of its sealed copy. */
    public static final String CONTEXT = "gateway/client-secret";

    private static final SecureRandom random = new SecureRandom();

    private final SealedValues sealed;

    ClientSecrets(SealedValues sealed) {
        this.sealed = sealed;
    }

    /** A new secret: 32 random bytes, base64url (43 characters). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The secret's keyed hash, as {@code client_secret_hash} keeps it. */
    public byte[] hash(String secret) {
        return sealed.fingerprint(CONTEXT, secret.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] seal(String secret) {
        return sealed.seal(secret.getBytes(StandardCharsets.UTF_8), CONTEXT);
    }

    /** The secret itself, for the HMACs DigiLocker's protocol keys with it. */
    public byte[] open(byte[] sealedSecret) {
        return sealed.open(sealedSecret, CONTEXT);
    }

    /** Whether a typed secret is the one whose hash is stored, compared in constant time. */
    public boolean matches(String typed, byte[] storedHash) {
        return typed != null && storedHash != null && MessageDigest.isEqual(hash(typed), storedHash);
    }

    /** The secret's keyed hash in hex, as the authorization server's registered clients carry it. */
    public String encode(CharSequence rawSecret) {
        return HexFormat.of().formatHex(hash(rawSecret.toString()));
    }

    /** Compares a presented secret with a registered client's {@link #encode encoded} one, in constant time. */
    public PasswordEncoder passwordEncoder() {
        return new PasswordEncoder() {

            @Override
            public String encode(CharSequence rawSecret) {
                return ClientSecrets.this.encode(rawSecret);
            }

            @Override
            public boolean matches(CharSequence rawSecret, String encodedSecret) {
                if (rawSecret == null || encodedSecret == null) {
                    return false;
                }
                return MessageDigest.isEqual(encode(rawSecret).getBytes(StandardCharsets.US_ASCII),
                        encodedSecret.getBytes(StandardCharsets.US_ASCII));
            }
        };
    }
}
