package org.tijori.issuer.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.tijori.account.AccountId;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.ledger.IssuedDocumentLedger;
import org.tijori.issuer.portal.IssuerListing.HeldDocument;
import org.tijori.issuer.portal.IssuerOverview.DocType;
import org.tijori.issuer.pull.SearchableDocType;
import org.tijori.issuer.registration.IssuerCategory;
import org.tijori.issuer.registration.IssuerRegistration.SearchParameter;
import org.tijori.issuer.registration.Issuers;
import org.tijori.issuer.registration.StateOrTerritory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The directory residents browse: every approved issuer with its category, state and doc types, narrowed by
 * category and state and searchable by the issuer's name (English or Hindi) or ID and by a doc type's name
 * (English or Hindi) or code, with the documents the resident already holds from each, and the doc types most
 * residents hold. Pending, rejected and suspended issuers are not in it.
 */
@Service
public class IssuerDirectory {

    public static final int PAGE_SIZE = 20;

    /** How many of the documents a resident holds from one issuer are listed with it. */
    static final int HELD_SHOWN = 5;

    static final int MAX_QUERY_LENGTH = 100;

    /** How many doc types the popular documents list. */
    public static final int POPULAR_SHOWN = 8;

    private static final String MATCHES = " and (i.name ilike :pattern or i.name_hi ilike :pattern"
            + " or i.issuer_id ilike :pattern or exists ("
            + "select 1 from issuer_doc_type t where t.issuer_id = i.issuer_id"
            + " and (t.name ilike :pattern or t.name_hi ilike :pattern or t.code ilike :pattern)))";

    private final JdbcClient jdbc;

    private final JsonMapper json;

    private final Clock clock;

    private final Duration popularFor;

    /** The popular doc types as last counted, and when; null before the first count. */
    private volatile Counted popular;

    IssuerDirectory(JdbcClient jdbc, JsonMapper json, Clock clock, IssuerProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.popularFor = properties.popularDocumentsFor();
    }

    /**
     * One page of the approved issuers that match {@code query}, by name.
     *
     * @param query words of an issuer's name or ID, or of a doc type's name or code; blank for every issuer
     * @param page from 1; a page past the end is empty
     */
    public DirectoryPage search(AccountId resident, String query, int page) {
        return search(resident, query, null, null, page);
    }

    /**
     * One page of the approved issuers of this category and state that match {@code query}, by name.
     *
     * @param query words of an issuer's name (English or Hindi) or ID, or of a doc type's name (English or Hindi)
     *              or code; blank for every issuer
     * @param category only issuers of this category; null for every one
     * @param state only issuers serving this state or union territory; null for every one
     * @param page from 1; a page past the end is empty
     */
    public DirectoryPage search(AccountId resident, String query, IssuerCategory category, StateOrTerritory state,
            int page) {
        String words = query == null ? "" : query.strip();
        if (words.length() > MAX_QUERY_LENGTH) {
            words = words.substring(0, MAX_QUERY_LENGTH);
        }
        int number = Math.max(1, page);
        String condition = words.isEmpty() ? "" : MATCHES;
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (!words.isEmpty()) {
            parameters.put("pattern", "%" + escapeLike(words) + "%");
        }
        if (category != null) {
            condition += " and i.category = :category";
            parameters.put("category", category.code());
        }
        if (state != null) {
            condition += " and i.state = :state";
            parameters.put("state", state.code());
        }
        long total = jdbc.sql("select count(*) from issuer_issuer i where i.status = 'APPROVED'" + condition)
                .params(parameters).query(Long.class).single();
        parameters.put("limit", PAGE_SIZE);
        parameters.put("offset", (long) (number - 1) * PAGE_SIZE);
        List<Row> rows = jdbc.sql("""
                select i.issuer_id, i.name, i.category, i.pull_uri_url is not null and i.api_key_sealed is not null
                       as searchable, i.state, i.name_hi
                from issuer_issuer i where i.status = 'APPROVED'""" + condition + """

                order by lower(i.name), i.issuer_id limit :limit offset :offset""")
                .params(parameters)
                .query((rs, row) -> new Row(rs.getString("issuer_id"), rs.getString("name"), rs.getString("category"),
                        rs.getBoolean("searchable"), rs.getString("state"), rs.getString("name_hi")))
                .list();
        List<String> ids = rows.stream().map(Row::issuerId).toList();
        Map<String, List<DocType>> docTypes = docTypes(ids);
        Map<String, Held> held = held(resident, ids);
        List<IssuerListing> listings = new ArrayList<>();
        for (Row row : rows) {
            Held mine = held.getOrDefault(row.issuerId(), new Held(0, List.of()));
            listings.add(new IssuerListing(new IssuerId(row.issuerId()), row.name(), row.category(), row.searchable(),
                    docTypes.getOrDefault(row.issuerId(), List.of()), mine.count(), mine.documents(), row.state(),
                    row.nameHi()));
        }
        return new DirectoryPage(words, category, state, number, PAGE_SIZE, total, List.copyOf(listings));
    }

    /**
     * The doc types of approved issuers that the most residents hold a live document of, most held first. Counting
     * reads every live document, so the answer is kept for a while ({@code tijori.issuer.popular-documents-for})
     * and shared by every resident: it names no one.
     */
    public List<PopularDocType> popular() {
        Counted known = popular;
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.countedAt().plus(popularFor))) {
            return known.docTypes();
        }
        List<PopularDocType> counted = jdbc.sql("""
                select i.issuer_id, i.name as issuer_name, i.name_hi as issuer_name_hi, t.code, t.name, t.name_hi,
                       i.pull_uri_url is not null and i.api_key_sealed is not null as searchable
                from (select issuer_id, doc_type, count(distinct account_id) as holders
                      from issuer_document where account_id is not null and %s
                      group by issuer_id, doc_type) held
                join issuer_issuer i on i.issuer_id = held.issuer_id and i.status = 'APPROVED'
                join issuer_doc_type t on t.issuer_id = held.issuer_id and t.code = held.doc_type
                order by held.holders desc, lower(t.name), t.issuer_id, t.code limit :shown"""
                .formatted(IssuedDocumentLedger.live("status")))
                .param("shown", POPULAR_SHOWN)
                .query((rs, row) -> new PopularDocType(new IssuerId(rs.getString("issuer_id")),
                        rs.getString("issuer_name"), rs.getString("code"), rs.getString("name"),
                        rs.getBoolean("searchable"), rs.getString("issuer_name_hi"), rs.getString("name_hi")))
                .list();
        popular = new Counted(now, List.copyOf(counted));
        return popular.docTypes();
    }

    /** A doc type of an approved issuer, with the parameters a resident fills to search for it. */
    public Optional<SearchableDocType> docType(IssuerId issuer, DocTypeCode code) {
        return jdbc.sql("""
                select i.name as issuer_name, i.category,
                       i.pull_uri_url is not null and i.api_key_sealed is not null as searchable,
                       t.name, t.description, t.search_parameters::text as parameters, t.resident_fields,
                       i.name_hi as issuer_name_hi, t.name_hi
                from issuer_doc_type t join issuer_issuer i on i.issuer_id = t.issuer_id
                where t.issuer_id = ? and t.code = ? and i.status = 'APPROVED'""")
                .params(issuer.value(), code.value())
                .query((rs, row) -> new SearchableDocType(issuer, rs.getString("issuer_name"), rs.getString("category"),
                        code, rs.getString("name"), rs.getString("description"),
                        parameters(rs.getString("parameters")),
                        Issuers.residentFields((String[]) rs.getArray("resident_fields").getArray()),
                        rs.getBoolean("searchable"), rs.getString("issuer_name_hi"), rs.getString("name_hi")))
                .optional();
    }

    private Map<String, List<DocType>> docTypes(List<String> issuers) {
        Map<String, List<DocType>> byIssuer = new LinkedHashMap<>();
        if (issuers.isEmpty()) {
            return byIssuer;
        }
        jdbc.sql("""
                select issuer_id, code, name, description, search_parameters::text as parameters, resident_fields,
                       name_hi
                from issuer_doc_type where issuer_id in (:issuers) order by issuer_id, code""")
                .param("issuers", issuers)
                .query(rs -> {
                    byIssuer.computeIfAbsent(rs.getString("issuer_id"), id -> new ArrayList<>())
                            .add(new DocType(rs.getString("code"), rs.getString("name"), rs.getString("description"),
                                    parameters(rs.getString("parameters")),
                                    Issuers.residentFields((String[]) rs.getArray("resident_fields").getArray()),
                                    rs.getString("name_hi")));
                });
        return byIssuer;
    }

    /** The live documents the resident holds from each of these issuers: how many, and the newest few. */
    private Map<String, Held> held(AccountId resident, List<String> issuers) {
        Map<String, Held> byIssuer = new LinkedHashMap<>();
        if (issuers.isEmpty()) {
            return byIssuer;
        }
        jdbc.sql("""
                select issuer_id, uri, doc_name, status, held from (
                    select issuer_id, uri, doc_name, status, published_at,
                           row_number() over (partition by issuer_id order by published_at desc, uri) as n,
                           count(*) over (partition by issuer_id) as held
                    from issuer_document
                    where account_id = :account and %s
                      and issuer_id in (:issuers)) d
                where n <= :shown order by issuer_id, n""".formatted(IssuedDocumentLedger.live("status")))
                .param("account", resident.value()).param("issuers", issuers).param("shown", HELD_SHOWN)
                .query(rs -> {
                    Held before = byIssuer.getOrDefault(rs.getString("issuer_id"), new Held(rs.getInt("held"),
                            List.of()));
                    List<HeldDocument> documents = new ArrayList<>(before.documents());
                    documents.add(new HeldDocument(DocumentUri.parse(rs.getString("uri")), rs.getString("doc_name"),
                            DocumentStatus.valueOf(rs.getString("status"))));
                    byIssuer.put(rs.getString("issuer_id"), new Held(before.count(), List.copyOf(documents)));
                });
        return byIssuer;
    }

    private List<SearchParameter> parameters(String text) {
        return List.of(json.readValue(text, SearchParameter[].class));
    }

    /** Searched words are matched literally: {@code %} and {@code _} are no wildcards here. */
    static String escapeLike(String words) {
        return words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private record Row(String issuerId, String name, String category, boolean searchable, String state,
            String nameHi) {
    }

    private record Counted(Instant countedAt, List<PopularDocType> docTypes) {
    }

    private record Held(int count, List<HeldDocument> documents) {
    }
}
