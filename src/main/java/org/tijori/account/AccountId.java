package org.tijori.account;

import java.util.Objects;
import java.util.UUID;

/**
 * The internal identity of a resident's account.
 */
public record AccountId(UUID value) {

    public AccountId {
        Objects.requireNonNull(value, "an account ID needs a value");
    }

    public static AccountId of(String value) {
        return new AccountId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
