package org.tijori.account;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.tijori.Uuids;

/**
 * The public identity of a resident's locker ({@code digilockerid}): a random UUID, 36 characters.
 */
public record LockerId(UUID value) {

    public LockerId {
        Objects.requireNonNull(value, "a locker ID needs a value");
    }

    /** Reads a locker ID as an issuer sends it ({@code digilockerid}); text that is not one names no locker. */
    public static Optional<LockerId> parse(String value) {
        return Uuids.parse(value).map(LockerId::new);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
