package org.tijori.gateway;

import java.util.Objects;
import java.util.UUID;

/** One consent a resident gave a requester; also the {@code jti} of its receipt. */
public record ConsentId(UUID value) {

    public ConsentId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
