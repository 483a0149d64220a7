package org.tijori.storage;

import java.io.IOException;

/**
 * A stored blob's ciphertext was altered, truncated, reordered or belongs to another blob. It is an
 * {@link IOException} because it surfaces while a stream is read; no byte of the damaged part is
 * returned.
 */
public class BlobIntegrityException extends IOException {

    public BlobIntegrityException(BlobId id, Throwable cause) {
        super("Blob " + id + " failed its integrity check", cause);
    }
}
