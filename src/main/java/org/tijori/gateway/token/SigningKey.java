package org.tijori.gateway.token;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

/**
 * One of the gateway's signing keys (RS256, as OpenID Connect clients expect by default): its public half for good,
 * its private half while this node can open it.
 *
 * @param kid the first 8 bytes of the key's RFC 7638 SHA-256 thumbprint, base64url (11 characters)
 * @param generation 1 for the first key, one more for each rotation
 * @param publicJwk the public key as the JWKS lists it
 * @param signsFrom when it starts signing
 * @param privateKey its private half, or {@code null} when this node cannot sign with it
 */
record SigningKey(String kid, int generation, RSAKey publicJwk, Instant createdAt, Instant signsFrom,
        RSAPrivateKey privateKey) {

    static final int BITS = 2048;

    SigningKey {
        if (publicJwk.isPrivate()) {
            throw new IllegalArgumentException("A signing key's listed JWK is its public half only.");
        }
    }

    /** A new RSA-2048 key from the JDK's generator. */
    static SigningKey generate(int generation, Instant createdAt, Instant signsFrom) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS);
            KeyPair pair = generator.generateKeyPair();
            return of(generation, (RSAPublicKey) pair.getPublic(), createdAt, signsFrom,
                    (RSAPrivateKey) pair.getPrivate());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA keys cannot be made on this JVM", e);
        }
    }

    static SigningKey of(int generation, RSAPublicKey publicKey, Instant createdAt, Instant signsFrom,
            RSAPrivateKey privateKey) {
        String kid = kid(new RSAKey.Builder(publicKey).build());
        return new SigningKey(kid, generation, listed(publicKey, kid), createdAt, signsFrom, privateKey);
    }

    /** The public key as the JWKS lists it: with its kid, for signatures, RS256. */
    static RSAKey listed(RSAPublicKey publicKey, String kid) {
        return new RSAKey.Builder(publicKey).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
    }

    /** RFC 7638's thumbprint is over the required members only, so the kid names the key, not its listing. */
    static String kid(RSAKey key) {
        try {
            return Base64URL.encode(Arrays.copyOf(key.computeThumbprint("SHA-256").decode(), 8)).toString();
        }
        catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    RSAPublicKey publicKey() {
        try {
            return publicJwk.toRSAPublicKey();
        }
        catch (JOSEException e) {
            throw new IllegalStateException("The signing key " + kid + " is not an RSA public key", e);
        }
    }

    /** The JWK a signer takes: the public key with its private half. */
    RSAKey signingJwk() {
        if (privateKey == null) {
            throw new IllegalStateException("The signing key " + kid + " has no private half on this node");
        }
        return new RSAKey.Builder(publicJwk).privateKey(privateKey).build();
    }

    SigningKey withPrivateKey(RSAPrivateKey privateKey) {
        return new SigningKey(kid, generation, publicJwk, createdAt, signsFrom, privateKey);
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", generation=" + generation + ", signsFrom=" + signsFrom + ", private="
                + (privateKey == null ? "none" : "(held)") + "]";
    }
}
