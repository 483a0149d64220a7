package org.tijori.issuer;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.modulith.NamedInterface;

/**
 * Where a version of an issued document stands. Only {@code ACTIVE} is valid; a revoked or suspended
 * document stays visible and says so; superseded and deleted versions are history. A status knows the
 * moves it allows: a live version may be revoked, suspended, reinstated, superseded by a newer version
 * or deleted, and a version that is history never moves again.
 */
@NamedInterface("documents")
public enum DocumentStatus {

    ACTIVE, REVOKED, SUSPENDED, SUPERSEDED, DELETED;

    /**
     * The statuses of a live version, the one a URI stands for: the one its holder sees, that an issuer
     * may change, and of which a URI has at most one.
     */
    public static final Set<DocumentStatus> LIVE = Collections.unmodifiableSet(EnumSet.of(ACTIVE, REVOKED,
            SUSPENDED));

    /** Whether this is a live version's status (see {@link #LIVE}). */
    public boolean isLive() {
        return LIVE.contains(this);
    }

    /** The issuer withdraws the document for good; it stays visible and says so. */
    DocumentStatus revoke() {
        return move(REVOKED, "revoked");
    }

    /** The issuer withdraws the document for a while. */
    DocumentStatus suspend() {
        return move(SUSPENDED, "suspended");
    }

    /** The issuer makes a revoked or suspended document valid again. */
    DocumentStatus reinstate() {
        return move(ACTIVE, "reinstated");
    }

    /** A newer version of the document takes this one's place. */
    public DocumentStatus supersede() {
        return move(SUPERSEDED, "superseded");
    }

    /** The issuer deletes the document: its holder no longer sees it. */
    public DocumentStatus delete() {
        return move(DELETED, "deleted");
    }

    /**
     * The move an issuer asks for by naming the status it wants (API.md 4.5): only a live one, and only
     * from a live one.
     */
    public DocumentStatus changeTo(DocumentStatus wanted) {
        return switch (wanted) {
            case ACTIVE -> reinstate();
            case REVOKED -> revoke();
            case SUSPENDED -> suspend();
            case SUPERSEDED, DELETED -> throw new IllegalDocumentMoveException(this,
                    wanted.name().toLowerCase(Locale.ROOT) + " by a status change");
        };
    }

    /**
     * Where a version in this status stands on {@code today}: an active version past its {@code validTo} is
     * {@code EXPIRED} (the day itself still counts), any other its status's name. The resident's locker and
     * public verification answer by this one rule.
     */
    public String standing(LocalDate validTo, LocalDate today) {
        return this == ACTIVE && validTo != null && validTo.isBefore(today) ? "EXPIRED" : name();
    }

    // Moving a live version to the live status it already has is allowed: an issuer that sends the same
    // change twice (a retry after a lost answer) is told it took, as the first time.
    private DocumentStatus move(DocumentStatus next, String moved) {
        if (!isLive()) {
            throw new IllegalDocumentMoveException(this, moved);
        }
        return next;
    }
}
