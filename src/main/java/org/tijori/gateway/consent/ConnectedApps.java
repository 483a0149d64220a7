package org.tijori.gateway.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.gateway.ConsentDuration;
import org.tijori.gateway.ConsentId;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.HeldDocuments;
import org.tijori.issuer.ListedDocument;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What a resident sees of the requesters with access to the locker (ADR 23, {@code /profile/apps}): each consent
 * with the requester's name, what it reaches, since and until when, and what the requester reached with it. Read
 * only; a consent is ended through {@code Consents}.
 */
@Service
public class ConnectedApps {

    /** The most consents one page shows, newest first. */
    static final int MOST_CONSENTS = 100;

    /** The most accesses shown for one consent, the latest first. */
    static final int MOST_ACCESSES = 20;

    private final JdbcClient jdbc;

    private final HeldDocuments held;

    private final Clock clock;

    ConnectedApps(JdbcClient jdbc, HeldDocuments held, Clock clock) {
        this.jdbc = jdbc;
        this.held = held;
        this.clock = clock;
    }

    /** The resident's consents, the live ones first, each newest first. */
    public List<ConnectedApp> of(AccountId account) {
        Instant now = clock.instant();
        List<Row> rows = jdbc.sql("""
                select c.id, r.name, r.organisation, c.scopes, c.all_issued, c.documents, c.purpose,
                       c.request_purpose, c.duration, c.granted_at, c.expires_at, c.ended_at, c.ended_by
                  from gateway_consent c join gateway_requester r on r.id = c.requester_id
                 where c.account_id = ?
                 order by (c.ended_at is null and c.expires_at > ?) desc, c.granted_at desc
                 limit ?""")
                .params(account.value(), utc(now), MOST_CONSENTS)
                .query((rs, row) -> row(rs)).list();
        Map<UUID, List<Access>> accesses = accessesOf(account);
        Map<String, ListedDocument> held = heldOf(account, rows);
        List<ConnectedApp> apps = new ArrayList<>(rows.size());
        for (Row row : rows) {
            boolean live = row.endedAt() == null && row.expiresAt().isAfter(now);
            List<Document> documents = row.documents().stream().map(uri -> document(uri, held.get(uri))).toList();
            apps.add(new ConnectedApp(new ConsentId(row.id()), row.name(), row.organisation(), row.scopes(),
                    row.allIssued(), documents, row.purpose(), row.requestPurpose(), row.duration(), row.grantedAt(),
                    row.expiresAt(), row.endedAt(), row.endedBy(), live, accesses.getOrDefault(row.id(), List.of())));
        }
        return apps;
    }

    private Map<UUID, List<Access>> accessesOf(AccountId account) {
        Map<UUID, List<Access>> byConsent = new LinkedHashMap<>();
        jdbc.sql("""
                select consent_id, operation, document, times, first_at, last_at
                  from (select a.*, row_number() over (partition by consent_id order by last_at desc) as n
                          from gateway_access a where account_id = ?) latest
                 where n <= ?
                 order by last_at desc""")
                .params(account.value(), MOST_ACCESSES)
                .query(rs -> {
                    byConsent.computeIfAbsent(rs.getObject("consent_id", UUID.class), id -> new ArrayList<>())
                            .add(new Access(rs.getString("operation"), rs.getString("document"), rs.getInt("times"),
                                    instant(rs, "first_at"), instant(rs, "last_at")));
                });
        return byConsent;
    }

    /** The documents any of these consents names that the resident still holds, by URI: one query. */
    private Map<String, ListedDocument> heldOf(AccountId account, List<Row> rows) {
        Set<DocumentUri> named = new LinkedHashSet<>();
        for (Row row : rows) {
            for (String uri : row.documents()) {
                try {
                    named.add(DocumentUri.parse(uri));
                }
                catch (IllegalArgumentException notAUri) {
                    // Shown by its URI alone, as a document no longer held.
                }
            }
        }
        if (named.isEmpty()) {
            return Map.of();
        }
        Map<String, ListedDocument> byUri = new HashMap<>();
        held.forPartner(account, named).forEach(document -> byUri.put(document.uri().toString(), document));
        return byUri;
    }

    /** A ticked document by its name when the resident still holds it, else by its URI alone. */
    private static Document document(String uri, ListedDocument found) {
        return found == null ? new Document(uri, null, null)
                : new Document(uri, found.docName() != null ? found.docName() : found.docTypeName(),
                        found.issuerName());
    }

    private static Row row(ResultSet rs) throws SQLException {
        String endedBy = rs.getString("ended_by");
        return new Row(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("organisation"),
                List.of((String[]) rs.getArray("scopes").getArray()), rs.getBoolean("all_issued"),
                List.of((String[]) rs.getArray("documents").getArray()), rs.getString("purpose"),
                rs.getString("request_purpose"), ConsentDuration.valueOf(rs.getString("duration")),
                instant(rs, "granted_at"), instant(rs, "expires_at"), instant(rs, "ended_at"),
                endedBy == null ? null : Consent.EndedBy.valueOf(endedBy));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Row(UUID id, String name, String organisation, List<String> scopes, boolean allIssued,
            List<String> documents, String purpose, String requestPurpose, ConsentDuration duration,
            Instant grantedAt, Instant expiresAt, Instant endedAt, Consent.EndedBy endedBy) {
    }

    /**
     * One consent as its resident sees it.
     *
     * @param live whether the requester can still use it
     * @param accesses what the requester reached with it, the latest first (at most 20)
     */
    public record ConnectedApp(ConsentId consent, String requesterName, String organisation, List<String> scopes,
            boolean allIssued, List<Document> documents, String purpose, String requestPurpose,
            ConsentDuration duration, Instant since, Instant until, Instant endedAt, Consent.EndedBy endedBy,
            boolean live, List<Access> accesses) {
    }

    /** An issued document a consent names; {@code name} and {@code issuer} are null once it is no longer held. */
    public record Document(String uri, String name, String issuer) {
    }

    /**
     * What a requester reached: one document ({@code times} 1 a read), or a list or the resident's details counted
     * over a window.
     *
     * @param operation {@code user}, {@code files}, {@code issued}, {@code file}, {@code xml}, …
     * @param document the document's URI, or null
     */
    public record Access(String operation, String document, int times, Instant first, Instant last) {
    }
}
