package org.tijori.verify.proof;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;

/**
 * The proof keys a node knows, held in memory so that neither signing nor checking reads the database:
 * every public key by its {@code kid}, the private keys that may still sign, and the JWKS document. Replaced
 * whole when the node reads the keys again ({@link ProofKeyStore}), so a reader sees one consistent set.
 */
public class ProofKeys {

    private volatile KeySet set;

    /** @param keys the keys, in any order */
    public ProofKeys(List<ProofKey> keys) {
        replace(keys);
    }

    /** Puts a new set of keys in place of the old one. */
    public final void replace(List<ProofKey> keys) {
        this.set = new KeySet(keys);
    }

    /** Every key, newest first. */
    public List<ProofKey> all() {
        return set.newestFirst;
    }

    /** The key that signs at {@code now}: the newest whose private half is held and whose time has come. */
    Optional<Signing> signing(Instant now) {
        for (ProofKey key : set.newestFirst) {
            Signing signing = set.signers.get(key.kid());
            if (signing != null && !key.signsFrom().isAfter(now)) {
                return Optional.of(signing);
            }
        }
        return Optional.empty();
    }

    /** The verifier of a known key, or {@code null} for a kid no key of this installation has. */
    ECDSAVerifier verifier(String kid) {
        return set.verifiers.get(kid);
    }

    /** {@code {"keys":[...]}}: the public keys, newest first. */
    public String jwks() {
        return set.jwks;
    }

    record Signing(String kid, ECDSASigner signer) {
    }

    private static final class KeySet {

        final List<ProofKey> newestFirst;

        final Map<String, ECDSAVerifier> verifiers = new LinkedHashMap<>();

        final Map<String, Signing> signers = new LinkedHashMap<>();

        final String jwks;

        KeySet(List<ProofKey> keys) {
            newestFirst = keys.stream().sorted(Comparator.comparingInt(ProofKey::generation).reversed()).toList();
            for (ProofKey key : newestFirst) {
                verifiers.put(key.kid(), Es256.verifier(key.publicKey()));
                if (key.privateKey() != null) {
                    signers.put(key.kid(), new Signing(key.kid(), Es256.signer(key.privateKey())));
                }
            }
            jwks = newestFirst.stream().map(key -> key.publicJwk().toJSONString())
                    .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
        }
    }
}
