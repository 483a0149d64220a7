package org.tijori.sharing;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;
import org.tijori.Uuids;

/** The ID of a share; it names something only within its resident's locker. */
public record ShareId(UUID value) {

    public ShareId {
        Objects.requireNonNull(value, "a share ID needs a value");
    }

    static ShareId random() {
        return new ShareId(UUID.randomUUID());
    }

    /** Reads a share ID from a path; text that is not one names no share. */
    public static Optional<ShareId> parse(String value) {
        return Uuids.parse(value).map(ShareId::new);
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
