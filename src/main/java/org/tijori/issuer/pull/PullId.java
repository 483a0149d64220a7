package org.tijori.issuer.pull;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.tijori.Uuids;

/** The ID of a search a resident started at an issuer; it names something only within that resident's account. */
public record PullId(UUID value) {

    public PullId {
        Objects.requireNonNull(value, "a pull ID needs a value");
    }

    static PullId random() {
        return new PullId(UUID.randomUUID());
    }

    /** Reads a pull ID from a path or a request; text that is not one names no pull. */
    public static Optional<PullId> parse(String value) {
        return Uuids.parse(value).map(PullId::new);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
