package org.tijori.gateway.requester;

import java.util.Locale;
import java.util.Optional;

/**
 * How a requester's application talks to the authorization server: a {@code WEB} application keeps its secret on
 * a server and uses the authorization code flow; a {@code DEVICE} application cannot keep one and uses DigiLocker's
 * device flow, naming itself by its client ID alone.
 */
public enum RequesterKind {
    WEB, DEVICE;

    /** The kind of that name, in any case; none for anything else. */
    public static Optional<RequesterKind> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
