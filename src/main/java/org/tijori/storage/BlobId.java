package org.tijori.storage;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of a stored blob.
 */
public record BlobId(UUID value) {

    public BlobId {
        Objects.requireNonNull(value, "a blob ID needs a value");
    }

    static BlobId random() {
        return new BlobId(UUID.randomUUID());
    }

    /** Parses the textual form; a string that is not a UUID is refused. */
    public static BlobId of(String value) {
        return new BlobId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
