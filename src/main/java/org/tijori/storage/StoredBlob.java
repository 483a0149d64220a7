package org.tijori.storage;

import java.time.Instant;

/**
 * What the vault knows of a stored blob.
 *
 * @param id its identity
 * @param size the length of the plaintext, in bytes
 * @param sha256 the SHA-256 of the plaintext, lower-case hex
 * @param keyId the ID of the master key that wraps its data key
 * @param createdAt when it was stored
 */
public record StoredBlob(BlobId id, long size, String sha256, long keyId, Instant createdAt) {
}
