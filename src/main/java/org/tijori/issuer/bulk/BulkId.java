package org.tijori.issuer.bulk;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.tijori.Uuids;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The ID of an issuer's bulk upload; it names something only for that issuer. A type of its own so that it
 * cannot be passed for the ZIP's blob or a lease, the other UUIDs an upload carries.
 */
public record BulkId(UUID value) {

    public BulkId {
        Objects.requireNonNull(value, "a bulk upload ID needs a value");
    }

    static BulkId random() {
        return new BulkId(UUID.randomUUID());
    }

    /** Reads a bulk upload ID from a path; text that is not one names no upload. */
    public static Optional<BulkId> parse(String value) {
        return Uuids.parse(value).map(BulkId::new);
    }

    /** The plain UUID, as the JSON answers, links and report names show it. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
