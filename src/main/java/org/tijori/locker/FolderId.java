package org.tijori.locker;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.tijori.Uuids;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The ID of a resident's folder of uploaded documents; it names something only within that resident's locker.
 * A type of its own so that a folder's ID and an upload's cannot be passed one for the other.
 */
public record FolderId(UUID value) {

    public FolderId {
        Objects.requireNonNull(value, "a folder ID needs a value");
    }

    static FolderId random() {
        return new FolderId(UUID.randomUUID());
    }

    /** Reads a folder ID from a path, a form or a request; text that is not one names no folder. */
    public static Optional<FolderId> parse(String value) {
        return Uuids.parse(value).map(FolderId::new);
    }

    /** The plain UUID, as pages, links and JSON show it. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
