package org.tijori.verify.proof;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Genuine proofs this node verified lately, by the SHA-256 of their text, so that a document scanned again (a
 * verifier refreshing the page, a desk checking the same paper twice) costs no second ES256 verification. Only a
 * proof that passed every check of {@link ProofCheck} is kept, with the claims it carried; nothing of the
 * repository is, so the status stays live.
 * <p>
 * Bounded: two generations of at most half the capacity each; when the newer one is full it becomes the older and
 * the older is dropped, so that proofs scanned again and again stay while the rest are forgotten, and the memory
 * held is at most about {@code capacity} entries of about 700 bytes. Races between threads at most forget an entry
 * or let a generation hold a few more: either costs one verification more, never a wrong answer.
 */
final class VerifiedProofs {

    private final int half;

    private volatile ConcurrentHashMap<Digest, Entry> current = new ConcurrentHashMap<>();

    private volatile ConcurrentHashMap<Digest, Entry> older = new ConcurrentHashMap<>();

    /** @param capacity the most proofs kept; 0 keeps none */
    VerifiedProofs(int capacity) {
        this.half = capacity / 2;
    }

    /** The digest a proof is kept under, or {@code null} when none are kept. */
    Digest digest(String proof) {
        if (half == 0) {
            return null;
        }
        try {
            return Digest.of(MessageDigest.getInstance("SHA-256").digest(proof.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The proof kept under this digest, or {@code null}; one found in the older generation moves to the newer. */
    Entry get(Digest digest) {
        if (digest == null) {
            return null;
        }
        Entry entry = current.get(digest);
        if (entry == null) {
            entry = older.get(digest);
            if (entry != null) {
                put(digest, entry);
            }
        }
        return entry;
    }

    void put(Digest digest, Entry entry) {
        if (digest == null) {
            return;
        }
        ConcurrentHashMap<Digest, Entry> generation = current;
        if (generation.size() >= half) {
            synchronized (this) {
                if (current == generation) {
                    older = generation;
                    current = new ConcurrentHashMap<>();
                }
            }
        }
        current.put(digest, entry);
    }

    /** How many proofs are kept now, in both generations. */
    int size() {
        return current.size() + older.size();
    }

    /** A verified proof: the key that signed it and what it said. */
    record Entry(String kid, ProofClaims claims) {
    }

    /** A SHA-256 as four numbers: a small key, compared and hashed without copying. */
    record Digest(long a, long b, long c, long d) {

        static Digest of(byte[] sha256) {
            ByteBuffer bytes = ByteBuffer.wrap(sha256);
            return new Digest(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong());
        }
    }
}
