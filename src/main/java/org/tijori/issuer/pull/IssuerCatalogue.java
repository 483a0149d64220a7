package org.tijori.issuer.pull;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.ledger.IssuedDocumentLedger;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * What another module may learn of the repository's issuers without a resident (ADR 23, {@code issuer :: pulls}):
 * the approved issuers, the doc types each issues with the parameters a search for one needs, and how many issuers
 * and documents there are. Pending, rejected and suspended issuers are unknown here, as in the residents' directory.
 */
@NamedInterface("pulls")
@Service
public class IssuerCatalogue {

    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private final JdbcClient jdbc;

    private final JsonMapper json;

    private final Clock clock;

    IssuerCatalogue(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Every approved issuer, by name. */
    public List<CatalogueIssuer> approved() {
        return jdbc.sql("""
                select issuer_id, name, category from issuer_issuer where status = 'APPROVED'
                order by lower(name), issuer_id""")
                .query((rs, row) -> new CatalogueIssuer(new IssuerId(rs.getString("issuer_id")), rs.getString("name"),
                        rs.getString("category")))
                .list();
    }

    /** The doc types an approved issuer issues, by code; empty when no approved issuer has this ID. */
    public Optional<List<CatalogueDocType>> docTypes(IssuerId issuer) {
        if (!approved(issuer)) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("select code, name, description from issuer_doc_type where issuer_id = ? order by code")
                .param(issuer.value())
                .query((rs, row) -> new CatalogueDocType(new DocTypeCode(rs.getString("code")), rs.getString("name"),
                        rs.getString("description")))
                .list());
    }

    /**
     * The parameters a search for a doc type of an approved issuer needs, in the issuer's order; empty when the
     * issuer is not approved or does not issue the doc type.
     */
    public Optional<List<SearchParameter>> searchParameters(IssuerId issuer, DocTypeCode docType) {
        return jdbc.sql("""
                select t.search_parameters::text from issuer_doc_type t
                join issuer_issuer i on i.issuer_id = t.issuer_id
                where t.issuer_id = ? and t.code = ? and i.status = 'APPROVED'""")
                .params(issuer.value(), docType.value()).query(String.class).optional()
                .map(text -> List.of(json.readValue(text, SearchParameter[].class)));
    }

    /**
     * How many approved issuers there are, and how many documents the repository holds live (delivered or waiting
     * for their resident), with the running total at the end of each year, by the year (in India) their live
     * version was published, from the first such year (or this one, when there are none) to this one.
     */
    public Counts counts() {
        long issuers = jdbc.sql("select count(*) from issuer_issuer where status = 'APPROVED'").query(Long.class)
                .single();
        List<YearCount> byYear = new ArrayList<>();
        long[] total = { 0 };
        jdbc.sql("""
                select extract(year from published_at at time zone 'Asia/Kolkata')::int as year, count(*) as documents
                from issuer_document where %s group by 1 order by 1""".formatted(IssuedDocumentLedger.live("status")))
                .query(rs -> {
                    int year = rs.getInt("year");
                    int previous = byYear.isEmpty() ? year - 1 : byYear.get(byYear.size() - 1).year();
                    for (int between = previous + 1; between < year; between++) {
                        byYear.add(new YearCount(between, total[0]));
                    }
                    total[0] += rs.getLong("documents");
                    byYear.add(new YearCount(year, total[0]));
                });
        int thisYear = LocalDate.now(clock.withZone(INDIA)).getYear();
        if (byYear.isEmpty()) {
            byYear.add(new YearCount(thisYear, 0));
        }
        while (byYear.get(byYear.size() - 1).year() < thisYear) {
            byYear.add(new YearCount(byYear.get(byYear.size() - 1).year() + 1, total[0]));
        }
        return new Counts(issuers, total[0], List.copyOf(byYear));
    }

    /** Whether an approved issuer has this ID. */
    boolean approved(IssuerId issuer) {
        return jdbc.sql("select exists(select 1 from issuer_issuer where issuer_id = ? and status = 'APPROVED')")
                .param(issuer.value()).query(Boolean.class).single();
    }

    /**
     * An approved issuer.
     *
     * @param category {@code central}, {@code state} or {@code other}
     */
    public record CatalogueIssuer(IssuerId id, String name, String category) {

        public CatalogueIssuer {
            Objects.requireNonNull(id, "id");
        }
    }

    /** A doc type an approved issuer issues. */
    public record CatalogueDocType(DocTypeCode code, String name, String description) {
    }

    /**
     * A parameter a search for a doc type needs, as its issuer registered it.
     *
     * @param paramname the name the search sends the value under
     * @param label what a person fills in, in words
     * @param example a value of the kind wanted
     */
    public record SearchParameter(String paramname, String label, String example) {
    }

    /**
     * @param issuers approved issuers
     * @param documents documents the repository holds live
     * @param documentsByYear the running total of live documents at the end of each year, oldest first
     */
    public record Counts(long issuers, long documents, List<YearCount> documentsByYear) {

        public Counts {
            documentsByYear = List.copyOf(documentsByYear);
        }
    }

    /** The running total of live documents at the end of {@code year}. */
    public record YearCount(int year, long documents) {
    }
}
