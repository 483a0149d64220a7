package org.tijori.gateway.consent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.tijori.account.AccountId;
import org.tijori.gateway.ConsentDuration;
import org.tijori.gateway.ConsentId;
import org.tijori.gateway.RequesterId;

/**
 * A resident's consent to one requester (ADR 23): what it reaches (scopes; every issued document, or the ones
 * ticked), for which purpose, until when, and its signed receipt. It stays for the account's life after it ends.
 *
 * @param purpose the requester's registered purpose, as the resident was shown it
 * @param requestPurpose the authorization request's own {@code purpose}, or null
 * @param documents the issued documents' URIs reached when not {@code allIssued}
 * @param endedAt when it ended before its time, or null
 * @param endedBy who ended it, or null
 * @param receipt the compact JWS the resident may download
 */
public record Consent(ConsentId id, AccountId account, RequesterId requester, Kind kind, List<String> scopes,
        boolean allIssued, List<String> documents, String purpose, String requestPurpose, ConsentDuration duration,
        Instant grantedAt, Instant expiresAt, Instant endedAt, EndedBy endedBy, String receipt) {

    public Consent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(requester, "requester");
        scopes = List.copyOf(scopes);
        documents = List.copyOf(documents);
    }

    /** Whether it still lets the requester in at {@code now}. */
    public boolean liveAt(Instant now) {
        return endedAt == null && expiresAt.isAfter(now);
    }

    /** How the consent was given. */
    public enum Kind {
        /** On the consent page, in the authorization code flow. */
        CODE,
        /** By the OTP of DigiLocker's device flow. */
        DEVICE,
        /** By the OTP of a sign-up a requester started. */
        SIGN_UP
    }

    /** Who ended a consent before its time. */
    public enum EndedBy {
        RESIDENT, REQUESTER, ADMINISTRATOR,
        /** A spent refresh token or authorization code was presented again. */
        REUSE,
        /** The account is being deleted. */
        ACCOUNT
    }
}
