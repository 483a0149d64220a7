package org.tijori.sharing;

/**
 * Where a share link stands; {@link ShareLink#state} decides it, in one place. Only an {@code ACTIVE} link opens.
 */
public enum ShareState {

    /** Opens for its recipient. */
    ACTIVE,
    /** Past its expiry. */
    EXPIRED,
    /** Opened as many times as the resident allowed. */
    USED_UP,
    /** Ended by the resident, or because a document it shares or the account is gone. */
    REVOKED,
    /** Locked after too many wrong access codes. */
    LOCKED;

    public boolean active() {
        return this == ACTIVE;
    }
}
