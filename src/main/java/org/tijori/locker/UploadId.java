package org.tijori.locker;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.tijori.Uuids;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The ID of a document a resident uploaded; it names something only within that resident's locker. A type of
 * its own so that an upload's ID and a folder's cannot be passed one for the other.
 */
public record UploadId(UUID value) {

    public UploadId {
        Objects.requireNonNull(value, "an upload ID needs a value");
    }

    static UploadId random() {
        return new UploadId(UUID.randomUUID());
    }

    /** Reads an upload ID from a path or a form; text that is not one names no upload. */
    public static Optional<UploadId> parse(String value) {
        return Uuids.parse(value).map(UploadId::new);
    }

    /** The plain UUID, as pages, links and JSON show it. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
