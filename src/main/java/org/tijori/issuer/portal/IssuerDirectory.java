package org.tijori.issuer.portal;

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
import org.tijori.issuer.ledger.IssuedDocumentLedger;
import org.tijori.issuer.portal.IssuerListing.HeldDocument;
import org.tijori.issuer.portal.IssuerOverview.DocType;
import org.tijori.issuer.pull.SearchableDocType;
import org.tijori.issuer.registration.IssuerRegistration.SearchParameter;
import org.tijori.issuer.registration.Issuers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The directory residents browse: every approved issuer with its category and doc types, searchable by
 * the issuer's name or ID and by a doc type's name or code, with the documents the resident already holds
 * from each. Pending, rejected and suspended issuers are not in it.
 */
@Service
public class IssuerDirectory {

    public static final int PAGE_SIZE = 20;

    /** How many of the documents a resident holds from one issuer are listed with it. */
    static final int HELD_SHOWN = 5;

    static final int MAX_QUERY_LENGTH = 100;

    private static final String MATCHES = " and (i.name ilike :pattern or i.issuer_id ilike :pattern or exists ("
            + "select 1 from issuer_doc_type t where t.issuer_id = i.issuer_id"
            + " and (t.name ilike :pattern or t.code ilike :pattern)))";

    private final JdbcClient jdbc;

    private final JsonMapper json;

    IssuerDirectory(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One page of the approved issuers that match {@code query}, by name.
     *
     * @param query words of an issuer's name or ID, or of a doc type's name or code; blank for every issuer
     * @param page from 1; a page past the end is empty
     */
    public DirectoryPage search(AccountId resident, String query, int page) {
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
        long total = jdbc.sql("select count(*) from issuer_issuer i where i.status = 'APPROVED'" + condition)
                .params(parameters).query(Long.class).single();
        parameters.put("limit", PAGE_SIZE);
        parameters.put("offset", (long) (number - 1) * PAGE_SIZE);
        List<Row> rows = jdbc.sql("""
                select i.issuer_id, i.name, i.category, i.pull_uri_url is not null and i.api_key_sealed is not null
                       as searchable
                from issuer_issuer i where i.status = 'APPROVED'""" + condition + """

                order by lower(i.name), i.issuer_id limit :limit offset :offset""")
                .params(parameters)
                .query((rs, row) -> new Row(rs.getString("issuer_id"), rs.getString("name"), rs.getString("category"),
                        rs.getBoolean("searchable")))
                .list();
        List<String> ids = rows.stream().map(Row::issuerId).toList();
        Map<String, List<DocType>> docTypes = docTypes(ids);
        Map<String, Held> held = held(resident, ids);
        List<IssuerListing> listings = new ArrayList<>();
        for (Row row : rows) {
            Held mine = held.getOrDefault(row.issuerId(), new Held(0, List.of()));
            listings.add(new IssuerListing(new IssuerId(row.issuerId()), row.name(), row.category(), row.searchable(),
                    docTypes.getOrDefault(row.issuerId(), List.of()), mine.count(), mine.documents()));
        }
        return new DirectoryPage(words, number, PAGE_SIZE, total, List.copyOf(listings));
    }

    /** A doc type of an approved issuer, with the parameters a resident fills to search for it. */
    public Optional<SearchableDocType> docType(IssuerId issuer, DocTypeCode code) {
        return jdbc.sql("""
                select i.name as issuer_name, i.category,
                       i.pull_uri_url is not null and i.api_key_sealed is not null as searchable,
                       t.name, t.description, t.search_parameters::text as parameters, t.resident_fields
                from issuer_doc_type t join issuer_issuer i on i.issuer_id = t.issuer_id
                where t.issuer_id = ? and t.code = ? and i.status = 'APPROVED'""")
                .params(issuer.value(), code.value())
                .query((rs, row) -> new SearchableDocType(issuer, rs.getString("issuer_name"), rs.getString("category"),
                        code, rs.getString("name"), rs.getString("description"),
                        parameters(rs.getString("parameters")),
                        Issuers.residentFields((String[]) rs.getArray("resident_fields").getArray()),
                        rs.getBoolean("searchable")))
                .optional();
    }

    private Map<String, List<DocType>> docTypes(List<String> issuers) {
        Map<String, List<DocType>> byIssuer = new LinkedHashMap<>();
        if (issuers.isEmpty()) {
            return byIssuer;
        }
        jdbc.sql("""
                select issuer_id, code, name, description, search_parameters::text as parameters, resident_fields
                from issuer_doc_type where issuer_id in (:issuers) order by issuer_id, code""")
                .param("issuers", issuers)
                .query(rs -> {
                    byIssuer.computeIfAbsent(rs.getString("issuer_id"), id -> new ArrayList<>())
                            .add(new DocType(rs.getString("code"), rs.getString("name"), rs.getString("description"),
                                    parameters(rs.getString("parameters")),
                                    Issuers.residentFields((String[]) rs.getArray("resident_fields").getArray())));
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

    private record Row(String issuerId, String name, String category, boolean searchable) {
    }

    private record Held(int count, List<HeldDocument> documents) {
    }
}
