package org.tijori.issuer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.issuer.ledger.IssuedDocumentLedger;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * The repository as public verification reads it (ADR 22): one version of a document, whoever holds it,
 * with its issuer's and doc type's names and the URI's live version, in one indexed query. Callers look a
 * version up only once a proof for it has been checked, so that nobody learns which URIs exist by guessing.
 */
@NamedInterface("documents")
@Service
public class VerifiableDocuments {

    private static final String SELECT = """
            select d.uri, d.version, i.name as issuer_name, coalesce(t.name, d.doc_name) as doc_type_name, d.status,
                   d.issued_on, d.valid_to, d.xml_sha256, d.legacy_signature, d.account_id,
                   (select l.version from issuer_document l where l.uri = d.uri and %s) as live_version
              from issuer_document d join issuer_issuer i on i.issuer_id = d.issuer_id
              left join issuer_doc_type t on t.issuer_id = d.issuer_id and t.code = d.doc_type
            """.formatted(IssuedDocumentLedger.live("l.status"));

    private final JdbcClient jdbc;

    VerifiableDocuments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One version of a document, whatever its status; empty when the URI never had that version. */
    public Optional<VerifiableVersion> version(DocumentUri uri, int version) {
        return jdbc.sql(SELECT + " where d.uri = ? and d.version = ?").params(uri.toString(), version)
                .query(VerifiableDocuments::version).optional();
    }

    /**
     * The versions whose Certificate XML as issued has this SHA-256 (hex), newest first: a file a verifier
     * uploads is found by its content.
     */
    public List<VerifiableVersion> byXmlSha256(String xmlSha256) {
        return jdbc.sql(SELECT + " where d.xml_sha256 = ? order by d.published_at desc limit 10").param(xmlSha256)
                .query(VerifiableDocuments::version).list();
    }

    private static VerifiableVersion version(ResultSet rs, int row) throws SQLException {
        UUID account = rs.getObject("account_id", UUID.class);
        Integer live = rs.getObject("live_version", Integer.class);
        return new VerifiableVersion(DocumentUri.parse(rs.getString("uri")), rs.getInt("version"),
                rs.getString("issuer_name"), rs.getString("doc_type_name"), DocumentStatus.valueOf(rs.getString("status")),
                rs.getObject("issued_on", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                rs.getString("xml_sha256"), rs.getBoolean("legacy_signature"),
                account == null ? null : new AccountId(account), live);
    }
}
