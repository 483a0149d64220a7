package org.tijori.account;

import java.util.Objects;
import java.util.UUID;

/**
 * The public identity of a resident's locker ({@code digilockerid}): a random UUID, 36 characters.
 */
public record LockerId(UUID value) {

    public LockerId {
        Objects.requireNonNull(value, "a locker ID needs a value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
