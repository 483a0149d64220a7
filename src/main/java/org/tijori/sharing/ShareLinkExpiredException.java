package org.tijori.sharing;

/**
 * A share link was used after it stopped opening: expired, used up, revoked or locked.
 */
public class ShareLinkExpiredException extends RuntimeException {

    private final ShareState state;

    public ShareLinkExpiredException(ShareState state) {
        super("This share link no longer opens: " + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        this.state = state;
    }

    public ShareState state() {
        return state;
    }
}
