package org.tijori.locker;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.tijori.Uuids;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The ID of an e-signing a resident started; it names something only within that resident's locker.
 */
public record SigningId(UUID value) {

    public SigningId {
        Objects.requireNonNull(value, "a signing ID needs a value");
    }

    static SigningId random() {
        return new SigningId(UUID.randomUUID());
    }

    /** Reads a signing ID from a path; text that is not one names no signing. */
    public static Optional<SigningId> parse(String value) {
        return Uuids.parse(value).map(SigningId::new);
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
