package org.tijori.sharing;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.tijori.account.AccountId;

/**
 * A share: documents of one resident handed to one e-mail address through a link. It decides its own state
 * ({@link #state}) and guards every move: only an active link records an opening, a revoked one stays revoked, and
 * too many wrong access codes lock it.
 * <p>
 * What counts as an opening (against {@code maxViews}): the recipient arriving at the link's page, once the access
 * code (if any) is right, outside a visit. Each counted opening starts a visit ({@code tijori.sharing.visit}, in
 * a cookie) during which the page, its previews and its downloads count no more; so a link of one opening can
 * still be read and downloaded from in that visit, and not again after.
 */
public final class ShareLink {

    private final ShareId id;

    private final AccountId account;

    private final String senderName;

    private final String recipient;

    private final Locale language;

    private final List<SharedDocument> documents;

    private final Instant createdAt;

    private final Instant expiresAt;

    private final Integer maxViews;

    private final String accessCodeHash;

    private final boolean downloadAllowed;

    private final boolean notifyFirstOpening;

    private int views;

    private int failedCodes;

    private Instant revokedAt;

    private String endedReason;

    private Instant lockedAt;

    ShareLink(ShareId id, AccountId account, String senderName, String recipient, Locale language,
            List<SharedDocument> documents, Instant createdAt, Instant expiresAt, Integer maxViews,
            String accessCodeHash, boolean downloadAllowed, boolean notifyFirstOpening, int views, int failedCodes,
            Instant revokedAt, String endedReason, Instant lockedAt) {
        this.id = id;
        this.account = account;
        this.senderName = senderName;
        this.recipient = recipient;
        this.language = language;
        this.documents = List.copyOf(documents);
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.maxViews = maxViews;
        this.accessCodeHash = accessCodeHash;
        this.downloadAllowed = downloadAllowed;
        this.notifyFirstOpening = notifyFirstOpening;
        this.views = views;
        this.failedCodes = failedCodes;
        this.revokedAt = revokedAt;
        this.endedReason = endedReason;
        this.lockedAt = lockedAt;
    }

    ShareLink withDocuments(List<SharedDocument> shared) {
        return new ShareLink(id, account, senderName, recipient, language, shared, createdAt, expiresAt, maxViews,
                accessCodeHash, downloadAllowed, notifyFirstOpening, views, failedCodes, revokedAt, endedReason,
                lockedAt);
    }

    /** Where the link stands at {@code now}: the one rule every page, answer and check goes by. */
    public ShareState state(Instant now) {
        if (revokedAt != null) {
            return ShareState.REVOKED;
        }
        if (lockedAt != null) {
            return ShareState.LOCKED;
        }
        if (!now.isBefore(expiresAt)) {
            return ShareState.EXPIRED;
        }
        if (maxViews != null && views >= maxViews) {
            return ShareState.USED_UP;
        }
        return ShareState.ACTIVE;
    }

    /**
     * Whether the recipient may read the documents now: an active link, or one whose last opening was the visit
     * the recipient is in.
     */
    boolean admits(Instant now, boolean inVisit) {
        ShareState state = state(now);
        return state == ShareState.ACTIVE || state == ShareState.USED_UP && inVisit;
    }

    /**
     * Counts an opening.
     *
     * @return whether it is the link's first
     * @throws ShareLinkExpiredException when the link no longer opens
     */
    boolean recordOpening(Instant now) {
        ShareState state = state(now);
        if (!state.active()) {
            throw new ShareLinkExpiredException(state);
        }
        views++;
        return views == 1;
    }

    /**
     * Counts a wrong access code; the {@code tries}-th locks the link.
     *
     * @return whether this one locked it
     * @throws ShareLinkExpiredException when the link no longer opens
     */
    boolean recordWrongCode(Instant now, int tries) {
        ShareState state = state(now);
        if (!state.active()) {
            throw new ShareLinkExpiredException(state);
        }
        failedCodes++;
        if (failedCodes >= tries) {
            lockedAt = now;
            return true;
        }
        return false;
    }

    /**
     * Ends the link for good.
     *
     * @param reason {@code revoked}, {@code document-deleted} or {@code account-closed}
     * @return false when it was revoked already (nothing changes then)
     */
    boolean revoke(Instant now, String reason) {
        if (revokedAt != null) {
            return false;
        }
        revokedAt = now;
        endedReason = reason;
        return true;
    }

    public ShareId id() {
        return id;
    }

    public AccountId account() {
        return account;
    }

    public String senderName() {
        return senderName;
    }

    public String recipient() {
        return recipient;
    }

    public Locale language() {
        return language;
    }

    public List<SharedDocument> documents() {
        return documents;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** The most openings allowed, or null for no limit. */
    public Integer maxViews() {
        return maxViews;
    }

    public int views() {
        return views;
    }

    public boolean needsAccessCode() {
        return accessCodeHash != null;
    }

    String accessCodeHash() {
        return accessCodeHash;
    }

    public boolean downloadAllowed() {
        return downloadAllowed;
    }

    public boolean notifyFirstOpening() {
        return notifyFirstOpening;
    }

    int failedCodes() {
        return failedCodes;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    /** Why it was revoked, or null. */
    public String endedReason() {
        return endedReason;
    }

    public Instant lockedAt() {
        return lockedAt;
    }
}
