package org.tijori.verify.proof;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.tijori.verify.VerifyProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks an untrusted proof against the URI of the address it came with, in the order ADR 22 gives, before
 * anything is looked up: present, at most {@code max-proof-length} characters, three base64url segments with
 * an 86-character signature, a header of exactly {@code alg} and {@code kid}, {@code alg} exactly
 * {@code ES256}, a known {@code kid}, the signature verified with that key alone, the claims of the right
 * types, {@code iss} this installation's address (or a former one), {@code uri} the path's.
 * <p>
 * Every failure is the one {@link ProofOutcome.Refused}. Each refusal costs one ES256 verification: when
 * parsing stops before the signature, a decoy verification on a fixed key of this node takes its place, so
 * that every refusal takes as long as every other and tells a guesser nothing.
 * <p>
 * A genuine proof verified lately ({@link VerifiedProofs}, {@code tijori.verify.verified-proofs}) is answered from
 * memory, by the SHA-256 of its text, if its key is still known and it comes with its own URI: a genuine proof
 * answering faster tells nothing that its answer does not. Sent with another URI, a kept proof is refused after a
 * decoy verification, as a full check would refuse it after the real one.
 */
@Component
public class ProofCheck {

    /** The length of the base64url of an ES256 signature: 64 bytes. */
    static final int SIGNATURE_LENGTH = 86;

    private static final Set<String> HEADER = Set.of("alg", "kid");

    private final ProofKeys keys;

    private final VerificationLinks links;

    private final int maxLength;

    private final LongAdder signatureChecks = new LongAdder();

    private final Decoy decoy = new Decoy();

    private final VerifiedProofs kept;

    @Autowired
    ProofCheck(ProofKeys keys, VerificationLinks links, VerifyProperties properties) {
        this(keys, links, properties.maxProofLength(), properties.verifiedProofs());
    }

    /**
     * @param baseUrl this installation's address, the {@code iss} of the proofs it signs
     * @param formerBaseUrls addresses it had before, whose proofs still count
     * @param verifiedProofs how many genuine proofs verified lately are kept in memory; 0 keeps none
     */
    public ProofCheck(ProofKeys keys, String baseUrl, List<String> formerBaseUrls, int maxLength,
            int verifiedProofs) {
        this(keys, new VerificationLinks(URI.create(baseUrl), formerBaseUrls.stream().map(URI::create).toList()),
                maxLength, verifiedProofs);
    }

    private ProofCheck(ProofKeys keys, VerificationLinks links, int maxLength, int verifiedProofs) {
        this.keys = keys;
        this.links = links;
        this.maxLength = maxLength;
        this.kept = new VerifiedProofs(verifiedProofs);
    }

    /**
     * @param uri the document URI of the address the proof came with, as the client sent it
     * @param proof the {@code p} parameter, or {@code null} when there was none
     */
    public ProofOutcome check(String uri, String proof) {
        if (proof == null || proof.length() > maxLength) {
            return decoy.refuse();
        }
        VerifiedProofs.Digest digest = kept.digest(proof);
        VerifiedProofs.Entry known = kept.get(digest);
        if (known != null) {
            if (keys.verifier(known.kid()) != null && known.claims().uri().toString().equals(uri)) {
                return new ProofOutcome.Verified(known.claims());
            }
            return decoy.refuse();
        }
        int first = proof.indexOf('.');
        int second = first < 0 ? -1 : proof.indexOf('.', first + 1);
        if (first < 0 || second < 0 || proof.indexOf('.', second + 1) >= 0
                || proof.length() - second - 1 != SIGNATURE_LENGTH) {
            return decoy.refuse();
        }
        String header = proof.substring(0, first);
        String payload = proof.substring(first + 1, second);
        String signature = proof.substring(second + 1);
        byte[] headerBytes = decode(header);
        byte[] payloadBytes = decode(payload);
        byte[] signatureBytes = decode(signature);
        if (headerBytes == null || payloadBytes == null || signatureBytes == null) {
            return decoy.refuse();
        }
        String kid = kid(headerBytes);
        ECDSAVerifier verifier = kid == null ? null : keys.verifier(kid);
        if (verifier == null) {
            return decoy.refuse();
        }
        if (!verify(verifier, proof.substring(0, second).getBytes(StandardCharsets.US_ASCII),
                Base64URL.from(signature))) {
            return ProofOutcome.Refused.REFUSED;
        }
        Map<String, Object> payloadClaims = object(payloadBytes);
        ProofClaims claims;
        try {
            claims = payloadClaims == null ? null : ProofClaims.from(payloadClaims);
        }
        catch (IllegalArgumentException e) {
            claims = null;
        }
        if (claims == null) {
            return ProofOutcome.Refused.REFUSED;
        }
        if (!links.isOurs(claims.iss()) || !claims.uri().toString().equals(uri)) {
            return ProofOutcome.Refused.REFUSED;
        }
        kept.put(digest, new VerifiedProofs.Entry(kid, claims));
        return new ProofOutcome.Verified(claims);
    }

    /** Every ES256 verification of this check, the decoy's included: counted, so that a test can hold each way. */
    private boolean verify(ECDSAVerifier verifier, byte[] input, Base64URL signature) {
        signatureChecks.increment();
        return Es256.verify(verifier, input, signature);
    }

    /** How many ES256 verifications this check made: each refusal, and each proof not kept, costs exactly one. */
    public long signatureChecks() {
        return signatureChecks.sum();
    }

    /** The header's {@code kid}, if the header is exactly {@code alg} ES256 and a {@code kid}. */
    private static String kid(byte[] headerBytes) {
        Map<String, Object> header = object(headerBytes);
        if (header == null || !header.keySet().equals(HEADER) || !"ES256".equals(header.get("alg"))
                || !(header.get("kid") instanceof String kid)) {
            return null;
        }
        return kid;
    }

    /** A JSON object (duplicate names refused), or {@code null} for anything else. */
    private static Map<String, Object> object(byte[] json) {
        try {
            return JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8));
        }
        catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Base64url without padding, in its one canonical form (the unused bits of the last character zero), or
     * {@code null}: a second spelling of the same bytes would be a second proof for the same claims.
     */
    private static byte[] decode(String segment) {
        if (segment.isEmpty()) {
            return null;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return null;
            }
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(segment);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(segment) ? bytes : null;
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * An ES256 verification that stands in for the one a refused proof never reached: a fixed key made when the
     * node starts and a genuine signature of it, verified in full.
     */
    private final class Decoy {

        private final ECDSAVerifier verifier;

        private final byte[] input = "decoy.proof".getBytes(StandardCharsets.US_ASCII);

        private final Base64URL signature;

        Decoy() {
            ProofKey key = ProofKey.generate(1, Instant.EPOCH, Instant.EPOCH);
            verifier = Es256.verifier(key.publicKey());
            signature = Es256.sign(Es256.signer(key.privateKey()), input);
        }

        ProofOutcome refuse() {
            // The decoy's answer is never used; only its cost is.
            verify(verifier, input, signature);
            return ProofOutcome.Refused.REFUSED;
        }
    }
}
