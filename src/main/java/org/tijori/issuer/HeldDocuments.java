package org.tijori.issuer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.tijori.account.AccountId;
import org.tijori.issuer.ledger.IssuedDocumentLedger;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * The issued documents in one resident's locker, as the locker lists them: live versions only,
 * filtered by issuer, doc type and name, a page at a time. Every query is bounded by the account, and
 * served by the index on {@code (account_id, published_at)}.
 */
@NamedInterface("documents")
@Service
public class HeldDocuments {

    private static final String LIVE = IssuedDocumentLedger.live("d.status");

    /** Every version the resident was given, before narrowing it to the live ones or to another set. */
    private static final String SELECT_ANY = """
            select d.uri, d.version, d.doc_name, d.status, d.status_reason, d.issued_on, d.valid_from, d.valid_to,
                   d.delivered_at, d.legacy_signature, i.name as issuer_name, coalesce(t.name, d.doc_type) as doc_type_name,
                   i.name_hi as issuer_name_hi, t.name_hi as doc_type_name_hi
            from issuer_document d join issuer_issuer i on i.issuer_id = d.issuer_id
            left join issuer_doc_type t on t.issuer_id = d.issuer_id and t.code = d.doc_type
            where d.account_id = ?""";

    private static final String SELECT = SELECT_ANY + " and " + LIVE;

    private static final String COUNT = "select count(*) from issuer_document d where d.account_id = ? and " + LIVE;

    private final JdbcClient jdbc;

    HeldDocuments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A page of a resident's issued documents, newest first, with how many the filter lets through in
     * all. One query answers both while the page holds documents; only a page past the end counts apart.
     *
     * @param filter what to narrow the list to; blank fields do not narrow it
     * @param limit at most this many (1 to 200)
     */
    public Page list(AccountId account, Filter filter, int offset, int limit) {
        List<Object> parameters = new ArrayList<>();
        String where = where(account, filter, parameters);
        parameters.addAll(List.copyOf(parameters));
        parameters.add(Math.max(1, Math.min(200, limit)));
        parameters.add(Math.max(0, offset));
        long[] total = { 0 };
        // The count is a subquery of its own, run once: the page itself still stops at its limit.
        String counted = "select (" + COUNT + where + ") as total, " + SELECT.substring("select ".length());
        List<HeldDocument> documents = jdbc.sql(counted + where + " order by d.published_at desc, d.uri limit ? offset ?")
                .params(parameters)
                .query((rs, row) -> {
                    total[0] = rs.getLong("total");
                    return held(rs, row);
                }).list();
        if (documents.isEmpty() && offset > 0) {
            total[0] = count(account, filter);
        }
        return new Page(documents, total[0]);
    }

    /**
     * A resident's live issued documents as a requester sees them (ADR 23), newest first: all of them, or only those
     * of {@code onlyThese} (the ones a consent names), in one query on the account's index. A URI of
     * {@code onlyThese} the resident does not hold is left out.
     *
     * @param onlyThese the documents to keep, or {@code null} for every one the resident holds
     */
    public List<ListedDocument> forPartner(AccountId account, Collection<DocumentUri> onlyThese) {
        if (onlyThese != null && onlyThese.isEmpty()) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>();
        parameters.add(account.value());
        String only = "";
        if (onlyThese != null) {
            only = " and d.uri = any(?)";
            parameters.add(onlyThese.stream().map(DocumentUri::toString).distinct().toArray(String[]::new));
        }
        return jdbc.sql("""
                select d.uri, d.doc_name, i.name as issuer_name, coalesce(t.name, d.doc_type) as doc_type_name,
                       d.xml_blob is not null as has_xml, d.pdf_blob is not null or d.xml_blob is not null as has_pdf,
                       greatest(d.published_at, d.status_changed_at) as modified_at
                from issuer_document d join issuer_issuer i on i.issuer_id = d.issuer_id
                left join issuer_doc_type t on t.issuer_id = d.issuer_id and t.code = d.doc_type
                where d.account_id = ? and %s%s
                order by d.published_at desc, d.uri""".formatted(LIVE, only))
                .params(parameters)
                .query((rs, row) -> new ListedDocument(DocumentUri.parse(rs.getString("uri")),
                        rs.getString("doc_name"), rs.getString("issuer_name"), rs.getString("doc_type_name"),
                        rs.getBoolean("has_xml"), rs.getBoolean("has_pdf"),
                        rs.getObject("modified_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** How many of a resident's issued documents the filter lets through. */
    public long count(AccountId account, Filter filter) {
        List<Object> parameters = new ArrayList<>();
        String where = where(account, filter, parameters);
        return jdbc.sql(COUNT + where).params(parameters).query(Long.class).single();
    }

    /** The live version of one document in a resident's locker. */
    public Optional<HeldDocument> find(AccountId account, DocumentUri uri) {
        return jdbc.sql(SELECT + " and d.uri = ?").params(account.value(), uri.toString())
                .query(HeldDocuments::held).optional();
    }

    /** Every version the resident received of a document, newest first (older ones are superseded). */
    public List<HeldDocument> versions(AccountId account, DocumentUri uri) {
        return jdbc.sql(SELECT_ANY + " and d.status <> 'DELETED' and d.uri = ? order by d.version desc")
                .params(account.value(), uri.toString()).query(HeldDocuments::held).list();
    }

    /** Valid documents whose validity ends between {@code today} and {@code until}, soonest first. */
    public List<HeldDocument> expiring(AccountId account, LocalDate today, LocalDate until, int limit) {
        return jdbc.sql(SELECT + """
                 and d.status = 'ACTIVE' and d.valid_to between ? and ? order by d.valid_to, d.uri limit ?""")
                .params(account.value(), today, until, limit).query(HeldDocuments::held).list();
    }

    /** Documents whose issuer revoked or suspended them, most recent change first. */
    public List<HeldDocument> withdrawn(AccountId account, int limit) {
        return jdbc.sql(SELECT + " and d.status in ('REVOKED', 'SUSPENDED') order by d.status_changed_at desc limit ?")
                .params(account.value(), limit).query(HeldDocuments::held).list();
    }

    /** The issuers a resident holds documents from, with their names, for the issuer filter. */
    public List<IssuerName> issuersOf(AccountId account) {
        return jdbc.sql("""
                select distinct i.issuer_id, i.name, i.name_hi
                from issuer_document d join issuer_issuer i on i.issuer_id = d.issuer_id
                where d.account_id = ? and %s order by i.name""".formatted(LIVE))
                .param(account.value())
                .query((rs, n) -> new IssuerName(rs.getString("issuer_id"), rs.getString("name"), rs.getString("name_hi")))
                .list();
    }

    /**
     * The doc types a resident holds documents of, for the doc type filter: each code once, named by the names its
     * issuers gave it (joined when two issuers name one code differently), in the order of those names. One query
     * on the account's index.
     */
    public List<DocTypeName> docTypesOf(AccountId account) {
        return jdbc.sql("""
                select d.doc_type, string_agg(distinct coalesce(t.name, d.doc_type), ' / ') as name,
                       string_agg(distinct coalesce(t.name_hi, t.name, d.doc_type), ' / ') as name_hi
                from issuer_document d left join issuer_doc_type t on t.issuer_id = d.issuer_id and t.code = d.doc_type
                where d.account_id = ? and %s group by d.doc_type order by 2, 1""".formatted(LIVE))
                .param(account.value())
                .query((rs, n) -> new DocTypeName(rs.getString("doc_type"), rs.getString("name"), rs.getString("name_hi")))
                .list();
    }

    private static String where(AccountId account, Filter filter, List<Object> parameters) {
        parameters.add(account.value());
        StringBuilder where = new StringBuilder();
        if (filter.issuer() != null && !filter.issuer().isBlank()) {
            where.append(" and d.issuer_id = ?");
            parameters.add(filter.issuer().strip());
        }
        if (filter.docType() != null && !filter.docType().isBlank()) {
            where.append(" and d.doc_type = ?");
            parameters.add(filter.docType().strip());
        }
        if (filter.name() != null && !filter.name().isBlank()) {
            where.append(" and d.doc_name ilike ? escape '\\'");
            parameters.add("%" + filter.name().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                    + "%");
        }
        return where.toString();
    }

    private static HeldDocument held(ResultSet rs, int row) throws SQLException {
        OffsetDateTime delivered = rs.getObject("delivered_at", OffsetDateTime.class);
        return new HeldDocument(DocumentUri.parse(rs.getString("uri")), rs.getInt("version"), rs.getString("doc_name"),
                rs.getString("issuer_name"), rs.getString("doc_type_name"), DocumentStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"), rs.getObject("issued_on", LocalDate.class),
                rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                delivered == null ? null : delivered.toInstant(), rs.getBoolean("legacy_signature"),
                rs.getString("issuer_name_hi"), rs.getString("doc_type_name_hi"));
    }

    /**
     * What to narrow a resident's list to.
     *
     * @param issuer an issuer ID
     * @param docType a doc type code
     * @param name part of the document's name, in any case
     */
    public record Filter(String issuer, String docType, String name) {

        public static final Filter NONE = new Filter(null, null, null);
    }

    /**
     * An issuer's ID and names.
     *
     * @param nameHi its Hindi name, or null
     */
    public record IssuerName(String id, String name, String nameHi) {

        /** The name as a reader of this language reads it: in Hindi when the issuer gave one. */
        public String name(java.util.Locale locale) {
            return HindiNames.pick(locale, name, nameHi);
        }
    }

    /**
     * A doc type's code and the name a person reads.
     *
     * @param nameHi the names in Hindi where the issuers gave them, the English ones elsewhere
     */
    public record DocTypeName(String code, String name, String nameHi) {

        /** The name as a reader of this language reads it. */
        public String name(java.util.Locale locale) {
            return HindiNames.pick(locale, name, nameHi);
        }
    }

    /**
     * A page of a resident's issued documents.
     *
     * @param total how many documents the filter lets through on every page together
     */
    public record Page(List<HeldDocument> documents, long total) {
    }
}
