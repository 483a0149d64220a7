package org.tijori.gateway;

import java.util.Objects;
import java.util.UUID;

/** A requester's registration, from the day it is received. */
public record RequesterId(UUID value) {

    public RequesterId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
