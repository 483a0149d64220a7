package org.tijori;

import java.util.Optional;
import java.util.UUID;

/**
 * Reading an ID that arrives as text (a path, a form field, a push): only the canonical 36-character form
 * names something. {@link UUID#fromString} alone also takes shortened forms such as {@code 1-1-1-1-1}, so
 * that two texts could name one thing.
 */
public final class Uuids {

    private static final int CANONICAL_LENGTH = 36;

    private Uuids() {
    }

    /** The UUID {@code text} spells (surrounding white space ignored), or empty when it spells none. */
    public static Optional<UUID> parse(String text) {
        String id = text == null ? null : text.strip();
        if (id == null || id.length() != CANONICAL_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
