package org.tijori.verify.proof;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;

/**
 * One proof key: its public half for good, its private half while it may sign.
 *
 * @param kid the first 8 bytes of the key's RFC 7638 SHA-256 thumbprint, base64url (11 characters)
 * @param generation 1 for the first key, one more for each rotation
 * @param publicJwk the public key as listed in the JWKS
 * @param signsFrom when it starts signing
 * @param privateKey its private half, or {@code null} once a newer key signs
 */
public record ProofKey(String kid, int generation, ECKey publicJwk, Instant createdAt, Instant signsFrom,
        ECPrivateKey privateKey) {

    public ProofKey {
        if (publicJwk.isPrivate() || !Curve.P_256.equals(publicJwk.getCurve())) {
            throw new IllegalArgumentException("A proof key's JWK is the public half of a P-256 key.");
        }
    }

    /** A new P-256 key, from the JDK's generator. */
    public static ProofKey generate(int generation, Instant createdAt, Instant signsFrom) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return of(generation, (ECPublicKey) pair.getPublic(), createdAt, signsFrom, (ECPrivateKey) pair.getPrivate());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 keys cannot be made on this JVM", e);
        }
    }

    static ProofKey of(int generation, ECPublicKey publicKey, Instant createdAt, Instant signsFrom,
            ECPrivateKey privateKey) {
        ECKey anonymous = new ECKey.Builder(Curve.P_256, publicKey).build();
        String kid = kid(anonymous);
        ECKey listed = new ECKey.Builder(Curve.P_256, publicKey).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256).build();
        return new ProofKey(kid, generation, listed, createdAt, signsFrom, privateKey);
    }

    /** RFC 7638's thumbprint is over the required members only, so the kid names the key, not its listing. */
    static String kid(ECKey key) {
        try {
            byte[] thumbprint = key.computeThumbprint("SHA-256").decode();
            return Base64URL.encode(Arrays.copyOf(thumbprint, 8)).toString();
        }
        catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public ECPublicKey publicKey() {
        try {
            return publicJwk.toECPublicKey();
        }
        catch (JOSEException e) {
            throw new IllegalStateException("The proof key " + kid + " is not a P-256 public key", e);
        }
    }

    /** The same key without its private half. */
    public ProofKey withoutPrivateKey() {
        return new ProofKey(kid, generation, publicJwk, createdAt, signsFrom, null);
    }

    @Override
    public String toString() {
        return "ProofKey[kid=" + kid + ", generation=" + generation + ", signsFrom=" + signsFrom + ", private="
                + (privateKey == null ? "none" : "(held)") + "]";
    }
}
