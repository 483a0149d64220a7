package org.tijori.verify.proof;

import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * ES256 as proofs use it: Nimbus JOSE+JWT's signer and verifier on Bouncy Castle's JCA provider, which signs and
 * verifies P-256 four to five times faster than JDK 17's SunEC on this project's machine (docs/benchmarks.md,
 * {@code ProofVerificationBenchmark}): a first scan and every refusal cost one verification, every PDF drawn one
 * signature. The provider is used by reference, never registered, so nothing else in the JVM changes provider.
 */
final class Es256 {

    private static final Provider PROVIDER = new BouncyCastleProvider();

    private static final JWSHeader HEADER = new JWSHeader(JWSAlgorithm.ES256);

    private Es256() {
    }

    static ECDSASigner signer(ECPrivateKey key) {
        try {
            ECDSASigner signer = new ECDSASigner(key);
            signer.getJCAContext().setProvider(PROVIDER);
            return signer;
        }
        catch (JOSEException e) {
            throw new IllegalStateException("A proof key is not a P-256 key", e);
        }
    }

    static ECDSAVerifier verifier(ECPublicKey key) {
        try {
            ECDSAVerifier verifier = new ECDSAVerifier(key);
            verifier.getJCAContext().setProvider(PROVIDER);
            return verifier;
        }
        catch (JOSEException e) {
            throw new IllegalStateException("A proof key is not a P-256 key", e);
        }
    }

    /** The signature of the input, base64url. */
    static Base64URL sign(ECDSASigner signer, byte[] input) {
        try {
            return signer.sign(HEADER, input);
        }
        catch (JOSEException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }

    /** Whether the signature is the key's over the input; false for a signature that is not one at all. */
    static boolean verify(ECDSAVerifier verifier, byte[] input, Base64URL signature) {
        try {
            return verifier.verify(HEADER, input, signature);
        }
        catch (JOSEException e) {
            return false;
        }
    }
}
