package org.tijori.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.tijori.account.ResidentAccount;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows of the gateway's tables written directly, for tests of what reads them before the flows that write them
 * exist: an approved requester, and a live access token under a consent of one resident. The token's value is
 * never stored, only its SHA-256, as the gateway keeps it.
 */
public final class StoredTokens {

    private static final SecureRandom random = new SecureRandom();

    private static final String CLIENT_ID_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final JdbcClient jdbc;

    public StoredTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A requester an administrator has approved. */
    public Requester approvedRequester() {
        UUID id = UUID.randomUUID();
        var clientId = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            clientId.append(CLIENT_ID_LETTERS.charAt(random.nextInt(CLIENT_ID_LETTERS.length())));
        }
        OffsetDateTime now = now();
        jdbc.sql("""
                insert into gateway_requester (id, name, organisation, contact_email, purpose, redirect_uris, status,
                                               client_id, registered_at, status_changed_at)
                values (?, 'Test bank', 'Test Bank Ltd', 'it@bank.example.in', 'Opening accounts',
                        array['https://bank.example.in/callback'], 'APPROVED', ?, ?, ?)""")
                .params(id, clientId.toString(), now, now).update();
        return new Requester(id, clientId.toString());
    }

    /** A live access token of {@code requester} for a new resident, with a consent for a day that grants these scopes. */
    public Grant grant(Requester requester, String... scopes) {
        return grant(requester, UUID.randomUUID(), UUID.randomUUID(), true, List.of(), scopes);
    }

    /**
     * The same for a resident who has an account ({@code ResidentAccounts.signUp}), for operations that reach the
     * account itself: its documents, its national ID, its locker.
     */
    public Grant grant(Requester requester, ResidentAccount resident, String... scopes) {
        return grant(requester, resident.id().value(), resident.lockerId().value(), true, List.of(), scopes);
    }

    /**
     * A live access token of {@code requester} for the resident {@code account} (whose locker ID is {@code locker}),
     * with a consent for a day that grants these scopes and reaches every issued document ({@code allIssued}) or
     * only {@code documents}.
     */
    public Grant grant(Requester requester, UUID account, UUID locker, boolean allIssued, List<String> documents,
            String... scopes) {
        String token = randomToken();
        UUID consent = UUID.randomUUID();
        String authorization = UUID.randomUUID().toString();
        OffsetDateTime now = now();
        jdbc.sql("""
                insert into gateway_consent (id, account_id, requester_id, grant_kind, scopes, all_issued, documents,
                                             purpose, duration, granted_at, expires_at, receipt)
                values (?, ?, ?, 'CODE', ?, ?, ?, 'Opening accounts', 'DAY', ?, ?, 'not.a.receipt')""")
                .params(consent, account, requester.id(), scopes, allIssued, documents.toArray(String[]::new), now,
                        now.plusDays(1))
                .update();
        jdbc.sql("""
                insert into gateway_authorization (id, requester_id, grant_type, account_id, locker_id, consent_id,
                                                   authorized_scopes, request, access_hash, access_issued_at,
                                                   access_expires_at, access_scopes, created_at, updated_at)
                values (?, ?, 'authorization_code', ?, ?, ?, ?, '{}'::jsonb, ?, ?, ?, ?, ?, ?)""")
                .params(authorization, requester.id(), account, locker, consent, scopes, sha256(token), now,
                        now.plusHours(1), scopes, now, now)
                .update();
        jdbc.sql("insert into gateway_token (hash, authorization_id, kind) values (?, ?, 'access')")
                .params(sha256(token), authorization).update();
        return new Grant(token, requester, consent, authorization, locker);
    }

    /** Moves the token's end to {@code ago} in the past. */
    public void expireToken(Grant grant, Duration ago) {
        jdbc.sql("update gateway_authorization set access_expires_at = ? where id = ?")
                .params(OffsetDateTime.ofInstant(Instant.now().minus(ago), ZoneOffset.UTC), grant.authorization())
                .update();
    }

    public void revoke(Grant grant) {
        jdbc.sql("update gateway_authorization set revoked_at = ?, revoked_reason = 'test' where id = ?")
                .params(now(), grant.authorization()).update();
    }

    public void invalidateToken(Grant grant) {
        jdbc.sql("update gateway_authorization set access_invalidated_at = ? where id = ?")
                .params(now(), grant.authorization()).update();
    }

    public void endConsent(Grant grant) {
        jdbc.sql("update gateway_consent set ended_at = ?, ended_by = 'RESIDENT' where id = ?")
                .params(now(), grant.consent()).update();
    }

    public void expireConsent(Grant grant) {
        jdbc.sql("update gateway_consent set expires_at = ? where id = ?")
                .params(now().minusSeconds(1), grant.consent()).update();
    }

    public void suspend(Requester requester) {
        jdbc.sql("update gateway_requester set status = 'SUSPENDED', status_changed_at = ? where id = ?")
                .params(now(), requester.id()).update();
    }

    /** A token as the gateway makes them: 32 random bytes, base64url. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    public record Requester(UUID id, String clientId) {

        /** A requester registered and approved over HTTP, with the secret its approval showed. */
        public static Requester of(TestRequester approved) {
            return new Requester(UUID.fromString(approved.id), approved.clientId);
        }
    }

    /** A stored token and what it was stored under. */
    public record Grant(String token, Requester requester, UUID consent, String authorization, UUID locker) {

        public String[] bearer() {
            return new String[] { "Authorization", "Bearer " + token };
        }

        @Override
        public String toString() {
            return "Grant[requester=" + requester.clientId() + ", consent=" + consent + ", token=…"
                    + token.substring(token.length() - 4) + "]";
        }
    }
}
