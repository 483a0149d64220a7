package org.tijori.issuer;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.issuer.ledger.IssuedDocumentLedger;
import org.tijori.signing.Certificates;
import org.tijori.signing.LegacyAlgorithms;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * The repository as public verification reads it (ADR 22): one version of a document, whoever holds it,
 * with its issuer's and doc type's names and the URI's live version, in one indexed query. Callers look a
 * version up only once a proof for it has been checked, so that nobody learns which URIs exist by guessing, or
 * by the content of a Certificate XML a verifier uploads, with the registered certificates its signature is
 * checked against.
 */
@NamedInterface("documents")
@Service
public class VerifiableDocuments {

    /**
     * The names as subqueries of the one row rather than joins: joined, PostgreSQL hashes both small tables for
     * every lookup (10 to 25 % more of its CPU per verification at 5 million documents, pgbench).
     */
    private static final String SELECT = """
            select d.uri, d.version, (select i.name from issuer_issuer i where i.issuer_id = d.issuer_id) as issuer_name,
                   coalesce((select t.name from issuer_doc_type t where t.issuer_id = d.issuer_id and t.code = d.doc_type),
                            d.doc_name) as doc_type_name, d.status,
                   d.issued_on, d.valid_to, d.xml_sha256, d.legacy_signature, d.account_id,
                   (select l.version from issuer_document l where l.uri = d.uri and %s) as live_version,
                   (select i.name_hi from issuer_issuer i where i.issuer_id = d.issuer_id) as issuer_name_hi,
                   (select t.name_hi from issuer_doc_type t where t.issuer_id = d.issuer_id and t.code = d.doc_type)
                       as doc_type_name_hi
              from issuer_document d
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

    /**
     * The approved (or since suspended) issuers that registered this certificate, now or before a newer one
     * replaced it: whose signature an uploaded Certificate XML may carry. A pending or rejected issuer's
     * certificate counts for nothing, since anyone may ask to register under any name. Usually one issuer;
     * nothing stops two from registering the same certificate.
     */
    public List<RegisteredSigner> registeredSigners(X509Certificate certificate) {
        return jdbc.sql("""
                select c.issuer_id, i.name, i.name_hi, c.certificate, c.retired_at is not null as retired, i.allow_rsa_sha1
                  from issuer_certificate c join issuer_issuer i on i.issuer_id = c.issuer_id
                 where c.fingerprint = ? and i.status in ('APPROVED', 'SUSPENDED')
                 order by c.issuer_id
                """).param(Certificates.sha256Fingerprint(certificate))
                .query((rs, row) -> new RegisteredSigner(new IssuerId(rs.getString("issuer_id")),
                        rs.getString("name"), certificate(rs.getBytes("certificate")), rs.getBoolean("retired"),
                        rs.getBoolean("allow_rsa_sha1") ? LegacyAlgorithms.RSA_SHA1_ALLOWED : LegacyAlgorithms.REFUSED,
                        rs.getString("name_hi")))
                .list();
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        }
        catch (CertificateException e) {
            throw new IllegalStateException("A registered certificate cannot be read back", e);
        }
    }

    private static VerifiableVersion version(ResultSet rs, int row) throws SQLException {
        UUID account = rs.getObject("account_id", UUID.class);
        Integer live = rs.getObject("live_version", Integer.class);
        return new VerifiableVersion(DocumentUri.parse(rs.getString("uri")), rs.getInt("version"),
                rs.getString("issuer_name"), rs.getString("doc_type_name"), DocumentStatus.valueOf(rs.getString("status")),
                rs.getObject("issued_on", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                rs.getString("xml_sha256"), rs.getBoolean("legacy_signature"),
                account == null ? null : new AccountId(account), live, rs.getString("issuer_name_hi"),
                rs.getString("doc_type_name_hi"));
    }
}
