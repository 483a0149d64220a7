package org.tijori.sharing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where share links are kept: the link, its documents, its openings and its recipients' visits. Every query of a
 * resident's shares filters by the account first; a link found by its token's hash names its account itself.
 */
@Repository
class ShareLinks {

    private static final String COLUMNS = """
            account_id, id, sender_name, recipient, language, created_at, expires_at, max_views, views,
            access_code_hash, failed_codes, download_allowed, notify_first_opening, revoked_at, ended_reason, locked_at""";

    private final JdbcClient jdbc;

    ShareLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ShareLink link, byte[] tokenSha256) {
        jdbc.sql("""
                insert into sharing_link (account_id, id, token_sha256, sender_name, recipient, language, created_at,
                    expires_at, max_views, access_code_hash, download_allowed, notify_first_opening)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(link.account().value(), link.id().value(), tokenSha256, link.senderName(), link.recipient(),
                        link.language().toLanguageTag(), utc(link.createdAt()), utc(link.expiresAt()), link.maxViews(),
                        link.accessCodeHash(), link.downloadAllowed(), link.notifyFirstOpening())
                .update();
        int position = 0;
        for (SharedDocument document : link.documents()) {
            jdbc.sql("""
                    insert into sharing_document (account_id, share_id, position, kind, reference, name)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(link.account().value(), link.id().value(), position++, document.kind().code(),
                            document.reference(), document.name())
                    .update();
        }
    }

    /** The link a token opens, locked for the caller's transaction when {@code forUpdate}. */
    Optional<ShareLink> findByToken(byte[] tokenSha256, boolean forUpdate) {
        return one(jdbc.sql("select " + COLUMNS + " from sharing_link where token_sha256 = ?"
                + (forUpdate ? " for update" : "")).param(tokenSha256).query(ShareLinks::row).optional());
    }

    /**
     * The link of a token, with its documents, when a visit with this key is open on it now; else nothing. One query
     * for what each preview and download of a visit needs: it was three (the link, its documents, the visit).
     */
    Optional<ShareLink> findInVisit(byte[] tokenSha256, byte[] visitSha256, Instant now) {
        return jdbc.sql("select " + COLUMNS + """
                     , array(select d.kind from sharing_document d
                              where d.account_id = l.account_id and d.share_id = l.id order by d.position) as kinds,
                       array(select d.reference from sharing_document d
                              where d.account_id = l.account_id and d.share_id = l.id order by d.position) as refs,
                       array(select d.name from sharing_document d
                              where d.account_id = l.account_id and d.share_id = l.id order by d.position) as names
                  from sharing_link l
                 where l.token_sha256 = ?
                   and exists (select 1 from sharing_visit v
                                where v.visit_sha256 = ? and v.account_id = l.account_id and v.share_id = l.id
                                  and v.expires_at > ?)""")
                .params(tokenSha256, visitSha256, utc(now))
                .query((rs, n) -> {
                    String[] kinds = (String[]) rs.getArray("kinds").getArray();
                    String[] references = (String[]) rs.getArray("refs").getArray();
                    String[] names = (String[]) rs.getArray("names").getArray();
                    List<SharedDocument> documents = new ArrayList<>(kinds.length);
                    for (int i = 0; i < kinds.length; i++) {
                        documents.add(new SharedDocument(SharedDocument.Kind.of(kinds[i]), references[i], names[i]));
                    }
                    return row(rs, n).withDocuments(documents);
                })
                .optional();
    }

    Optional<ShareLink> find(AccountId account, ShareId id, boolean forUpdate) {
        return one(jdbc.sql("select " + COLUMNS + " from sharing_link where account_id = ? and id = ?"
                + (forUpdate ? " for update" : "")).params(account.value(), id.value()).query(ShareLinks::row)
                .optional());
    }

    /** A resident's shares, newest first. */
    List<ShareLink> list(AccountId account) {
        List<ShareLink> rows = jdbc.sql("select " + COLUMNS + " from sharing_link where account_id = ? order by created_at desc")
                .param(account.value()).query(ShareLinks::row).list();
        Map<UUID, List<SharedDocument>> documents = new LinkedHashMap<>();
        jdbc.sql("select share_id, kind, reference, name from sharing_document where account_id = ? order by position")
                .param(account.value())
                .query((rs, n) -> documents.computeIfAbsent(rs.getObject("share_id", UUID.class), k -> new ArrayList<>())
                        .add(new SharedDocument(SharedDocument.Kind.of(rs.getString("kind")), rs.getString("reference"),
                                rs.getString("name"))))
                .list();
        return rows.stream().map(row -> row.withDocuments(documents.getOrDefault(row.id().value(), List.of())))
                .toList();
    }

    /** The resident's shares that open a document, ended or not. */
    List<ShareId> sharing(AccountId account, SharedDocument.Kind kind, String reference) {
        return jdbc.sql("""
                select distinct share_id from sharing_document where account_id = ? and kind = ? and reference = ?""")
                .params(account.value(), kind.code(), reference).query(UUID.class).list().stream().map(ShareId::new)
                .toList();
    }

    List<ShareId> all(AccountId account) {
        return jdbc.sql("select id from sharing_link where account_id = ?").param(account.value()).query(UUID.class)
                .list().stream().map(ShareId::new).toList();
    }

    void update(ShareLink link) {
        jdbc.sql("""
                update sharing_link set views = ?, failed_codes = ?, revoked_at = ?, ended_reason = ?, locked_at = ?
                where account_id = ? and id = ?""")
                .params(link.views(), link.failedCodes(), utc(link.revokedAt()), link.endedReason(),
                        utc(link.lockedAt()), link.account().value(), link.id().value())
                .update();
    }

    void recordOpening(ShareLink link, ShareOpening opening) {
        jdbc.sql("""
                insert into sharing_opening (account_id, share_id, opened_at, client, agent, what)
                values (?, ?, ?, ?, ?, ?)""")
                .params(link.account().value(), link.id().value(), utc(opening.at()), opening.client(),
                        opening.agent(), opening.what())
                .update();
    }

    /** Every opening of a resident's shares, oldest first, by share. */
    Map<ShareId, List<ShareOpening>> openings(AccountId account) {
        Map<ShareId, List<ShareOpening>> openings = new LinkedHashMap<>();
        jdbc.sql("""
                select share_id, opened_at, client, agent, what from sharing_opening
                where account_id = ? order by opened_at""")
                .param(account.value())
                .query((rs, n) -> openings.computeIfAbsent(new ShareId(rs.getObject("share_id", UUID.class)),
                        k -> new ArrayList<>()).add(new ShareOpening(instant(rs, "opened_at"), rs.getString("client"),
                                rs.getString("agent"), rs.getString("what"))))
                .list();
        return openings;
    }

    void startVisit(ShareLink link, byte[] visitSha256, Instant until) {
        jdbc.sql("insert into sharing_visit (visit_sha256, account_id, share_id, expires_at) values (?, ?, ?, ?)")
                .params(visitSha256, link.account().value(), link.id().value(), utc(until)).update();
    }

    boolean inVisit(ShareLink link, byte[] visitSha256, Instant now) {
        return jdbc.sql("""
                select count(*) from sharing_visit
                where visit_sha256 = ? and account_id = ? and share_id = ? and expires_at > ?""")
                .params(visitSha256, link.account().value(), link.id().value(), utc(now)).query(Long.class)
                .single() > 0;
    }

    int forgetVisitsBefore(Instant now) {
        return jdbc.sql("delete from sharing_visit where expires_at <= ?").param(utc(now)).update();
    }

    void deleteAll(AccountId account) {
        jdbc.sql("delete from sharing_link where account_id = ?").param(account.value()).update();
    }

    private Optional<ShareLink> one(Optional<ShareLink> row) {
        return row.map(found -> found.withDocuments(jdbc.sql("""
                select kind, reference, name from sharing_document where account_id = ? and share_id = ? order by position""")
                .params(found.account().value(), found.id().value())
                .query((rs, n) -> new SharedDocument(SharedDocument.Kind.of(rs.getString("kind")),
                        rs.getString("reference"), rs.getString("name")))
                .list()));
    }

    private static ShareLink row(ResultSet rs, int n) throws SQLException {
        int maxViews = rs.getInt("max_views");
        Integer max = rs.wasNull() ? null : maxViews;
        return new ShareLink(new ShareId(rs.getObject("id", UUID.class)),
                new AccountId(rs.getObject("account_id", UUID.class)), rs.getString("sender_name"),
                rs.getString("recipient"), Locale.forLanguageTag(rs.getString("language")), List.of(),
                instant(rs, "created_at"), instant(rs, "expires_at"), max, rs.getString("access_code_hash"),
                rs.getBoolean("download_allowed"), rs.getBoolean("notify_first_opening"), rs.getInt("views"),
                rs.getInt("failed_codes"), instant(rs, "revoked_at"), rs.getString("ended_reason"),
                instant(rs, "locked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
