package org.tijori.gateway;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.account.LockerId;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.consent.Consent.EndedBy;
import org.tijori.gateway.consent.ConsentReceipts;
import org.tijori.gateway.events.ConsentEnded;
import org.tijori.gateway.events.ConsentGranted;
import org.tijori.gateway.events.ConsentRefused;
import org.tijori.gateway.token.Authorizations;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Residents' consents to requesters (ADR 23): granting one (with its signed receipt), ending one (which revokes every
 * authorization granted under it, in the same transaction), and reading them for a resident. Every grant, refusal
 * and end is an event, recorded in the resident's activity.
 */
@Service
public class Consents {

    private final JdbcClient jdbc;

    private final Authorizations authorizations;

    private final ConsentReceipts receipts;

    private final ResidentAccounts accounts;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final GatewayProperties properties;

    Consents(JdbcClient jdbc, Authorizations authorizations, ConsentReceipts receipts, ResidentAccounts accounts,
            ApplicationEventPublisher events, Clock clock, GatewayProperties properties) {
        this.jdbc = jdbc;
        this.authorizations = authorizations;
        this.receipts = receipts;
        this.accounts = accounts;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Records a consent and signs its receipt; {@code authorization}, when given, is linked to it, so that the tokens
     * issued under that authorization reach what the consent covers, until it ends.
     *
     * @param authorization the authorization server's authorization being consented to, or null
     * @throws IllegalArgumentException when the account or the requester does not exist
     */
    @Transactional
    public Consent grant(ConsentRequest request, String authorization) {
        Instant now = clock.instant();
        LockerId locker = accounts.find(request.account()).map(found -> found.lockerId())
                .orElseThrow(() -> new IllegalArgumentException("no account " + request.account()));
        ConsentReceipts.ReceiptRequester requester = jdbc.sql("""
                select client_id, name, organisation, contact_email, purpose from gateway_requester where id = ?""")
                .param(request.requester().value())
                .query((rs, row) -> new ConsentReceipts.ReceiptRequester(rs.getString("client_id"),
                        rs.getString("name"), rs.getString("organisation"), rs.getString("contact_email"),
                        rs.getString("purpose")))
                .optional().orElseThrow(() -> new IllegalArgumentException("no requester " + request.requester()));
        Instant expiresAt = request.duration().endOf(now, properties.accessTokenLifetime());
        Consent unsigned = new Consent(new ConsentId(UUID.randomUUID()), request.account(), request.requester(),
                request.kind(), List.copyOf(request.scopes()), request.allIssued(),
                request.allIssued() ? List.of() : List.copyOf(request.documents()), requester.purpose(),
                request.requestPurpose(), request.duration(), now, expiresAt, null, null, null);
        String receipt = receipts.sign(unsigned, locker, requester, now);
        jdbc.sql("""
                insert into gateway_consent (id, account_id, requester_id, grant_kind, scopes, all_issued, documents,
                                             purpose, request_purpose, duration, granted_at, expires_at, receipt)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(unsigned.id().value(), request.account().value(), request.requester().value(),
                        request.kind().name(), unsigned.scopes().toArray(String[]::new), unsigned.allIssued(),
                        unsigned.documents().toArray(String[]::new), unsigned.purpose(), unsigned.requestPurpose(),
                        unsigned.duration().name(), utc(now), utc(expiresAt), receipt)
                .update();
        if (authorization != null) {
            authorizations.attachConsent(authorization, unsigned.id());
        }
        events.publishEvent(new ConsentGranted(request.account(), request.requester(), requester.clientId(),
                unsigned.id(), unsigned.scopes(), unsigned.allIssued(), unsigned.documents(),
                unsigned.duration().name(), expiresAt));
        return new Consent(unsigned.id(), unsigned.account(), unsigned.requester(), unsigned.kind(),
                unsigned.scopes(), unsigned.allIssued(), unsigned.documents(), unsigned.purpose(),
                unsigned.requestPurpose(), unsigned.duration(), now, expiresAt, null, null, receipt);
    }

    /** A resident denied a requester's request: nothing is stored but the activity entry. */
    public void refused(AccountId account, RequesterId requester, String clientId) {
        events.publishEvent(new ConsentRefused(account, requester, clientId));
    }

    /**
     * Ends a consent now, revoking every authorization granted under it, in one transaction.
     *
     * @return whether it was still running
     */
    @Transactional
    public boolean end(ConsentId consent, EndedBy by) {
        OffsetDateTime now = utc(clock.instant());
        Optional<Ended> ended = jdbc.sql("""
                update gateway_consent c set ended_at = ?, ended_by = ?
                  from gateway_requester r
                 where c.id = ? and c.ended_at is null and r.id = c.requester_id
                returning c.account_id, c.requester_id, r.client_id""")
                .params(now, by.name(), consent.value())
                .query((rs, row) -> new Ended(new AccountId(rs.getObject(1, UUID.class)),
                        new RequesterId(rs.getObject(2, UUID.class)), rs.getString(3)))
                .optional();
        int revoked = authorizations.revokeConsent(consent, "consent-ended-" + by.name().toLowerCase());
        ended.ifPresent(found -> events.publishEvent(new ConsentEnded(found.account(), found.requester(),
                found.clientId(), consent, by.name(), revoked)));
        return ended.isPresent();
    }

    /** Ends a resident's consent, only if it is that resident's. */
    @Transactional
    public boolean endFor(AccountId account, ConsentId consent, EndedBy by) {
        return find(consent).filter(found -> found.account().equals(account)).map(found -> end(consent, by))
                .orElse(false);
    }

    /**
     * Ends every running consent of an account ({@code ACCOUNT}), its tokens with them: the account is being
     * deleted, and no requester reaches it from now on.
     *
     * @return how many were ended
     */
    @Transactional
    public int endAll(AccountId account) {
        List<ConsentId> running = jdbc.sql("select id from gateway_consent where account_id = ? and ended_at is null")
                .param(account.value()).query((rs, row) -> new ConsentId(rs.getObject(1, UUID.class))).list();
        running.forEach(consent -> end(consent, EndedBy.ACCOUNT));
        return running.size();
    }

    /** Removes every consent, receipt and authorization of an account that no longer exists. */
    @Transactional
    public void forget(AccountId account) {
        jdbc.sql("delete from gateway_authorization where account_id = ?").param(account.value()).update();
        jdbc.sql("""
                delete from gateway_authorization where consent_id in
                       (select id from gateway_consent where account_id = ?)""").param(account.value()).update();
        jdbc.sql("delete from gateway_consent where account_id = ?").param(account.value()).update();
    }

    public Optional<Consent> find(ConsentId consent) {
        return jdbc.sql(SELECT + " where id = ?").param(consent.value()).query((rs, row) -> consent(rs)).optional();
    }

    /** A resident's consents, newest first, ended ones too. */
    public List<Consent> of(AccountId account) {
        return jdbc.sql(SELECT + " where account_id = ? order by granted_at desc, id")
                .param(account.value()).query((rs, row) -> consent(rs)).list();
    }

    private static final String SELECT = """
            select id, account_id, requester_id, grant_kind, scopes, all_issued, documents, purpose, request_purpose,
                   duration, granted_at, expires_at, ended_at, ended_by, receipt
              from gateway_consent""";

    private static Consent consent(ResultSet rs) throws SQLException {
        String endedBy = rs.getString("ended_by");
        OffsetDateTime endedAt = rs.getObject("ended_at", OffsetDateTime.class);
        return new Consent(new ConsentId(rs.getObject("id", UUID.class)),
                new AccountId(rs.getObject("account_id", UUID.class)),
                new RequesterId(rs.getObject("requester_id", UUID.class)), Consent.Kind.valueOf(rs.getString("grant_kind")),
                List.of((String[]) rs.getArray("scopes").getArray()), rs.getBoolean("all_issued"),
                List.of((String[]) rs.getArray("documents").getArray()), rs.getString("purpose"),
                rs.getString("request_purpose"), ConsentDuration.valueOf(rs.getString("duration")),
                rs.getObject("granted_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                endedAt == null ? null : endedAt.toInstant(), endedBy == null ? null : EndedBy.valueOf(endedBy),
                rs.getString("receipt"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Ended(AccountId account, RequesterId requester, String clientId) {
    }

    /**
     * What a resident consents to.
     *
     * @param documents the issued documents' URIs, when not {@code allIssued}
     * @param requestPurpose the authorization request's {@code purpose}, at most 200 characters, or null
     */
    public record ConsentRequest(AccountId account, RequesterId requester, Consent.Kind kind,
            Collection<String> scopes, boolean allIssued, Collection<String> documents, String requestPurpose,
            ConsentDuration duration) {

        public ConsentRequest {
            if (requestPurpose != null && requestPurpose.length() > 200) {
                requestPurpose = requestPurpose.substring(0, 200);
            }
        }
    }
}
