package org.tijori.issuer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tijori.TijoriProperties;
import org.tijori.account.AccountId;
import org.tijori.issuer.intake.IssuerRequestAuthentication;
import org.tijori.issuer.intake.XmlElements;
import org.tijori.issuer.ledger.IssuedDocumentLedger;
import org.tijori.issuer.rendering.CertificateCards;
import org.tijori.issuer.rendering.CertificateRenderer;
import org.tijori.issuer.rendering.RenderingStylesheets;
import org.tijori.storage.BlobId;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;

import org.tijori.signing.SecureXml;
import org.tijori.signing.XmlRejectedException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the repository: the documents delivered to a resident, and one document's signed XML.
 * Every read names the account it is for; a document of another account is not found.
 */
@NamedInterface("documents")
@Service
public class IssuedDocuments {

    private static final String COLUMNS = """
            id, uri, version, doc_name, status, issued_on, valid_from, valid_to, signer, legacy_signature,
            pdf_blob is not null as has_pdf,
            published_at, delivered_at""";

    private static final String LIVE = IssuedDocumentLedger.live("status");

    private final JdbcClient jdbc;

    private final BlobVault vault;

    private final TransactionTemplate transactions;

    private final CertificateRenderer renderer;

    private final IssuedDocumentLedger ledger;

    private final DocumentProofs proofs;

    private final int maxXmlBytes;

    /**
     * @param proofs the {@code verify} module's, looked up when first needed: the issuer module starts without it
     *               (in its module tests), but draws no PDF and makes no verification link
     */
    IssuedDocuments(JdbcClient jdbc, BlobVault vault, TransactionTemplate transactions, TijoriProperties tijori,
            RenderingStylesheets stylesheets, IssuedDocumentLedger ledger, ObjectProvider<DocumentProofs> proofs,
            IssuerProperties properties) {
        this.ledger = ledger;
        this.maxXmlBytes = (int) Math.min(Integer.MAX_VALUE - 16, properties.maxPushSize().toBytes());
        this.jdbc = jdbc;
        this.vault = vault;
        this.transactions = transactions;
        this.proofs = subject -> proofs.getObject().link(subject);
        this.renderer = new CertificateRenderer(tijori.baseUrl().toString(), stylesheets, this.proofs);
    }

    /** The live documents in a resident's locker, newest first. */
    public List<IssuedDocument> deliveredTo(AccountId account) {
        return jdbc.sql("select " + COLUMNS + """
                 from issuer_document
                where account_id = ? and %s
                order by published_at desc""".formatted(LIVE))
                .param(account.value()).query(IssuedDocuments::document).list();
    }

    /** The live version of a document in a resident's locker. */
    public Optional<IssuedDocument> find(AccountId account, DocumentUri uri) {
        return jdbc.sql("select " + COLUMNS + """
                 from issuer_document
                where account_id = ? and uri = ? and %s""".formatted(LIVE))
                .params(account.value(), uri.toString()).query(IssuedDocuments::document).optional();
    }

    /** Every version of a document, newest first, whoever holds it: the repository's history. */
    public List<IssuedDocument> versions(DocumentUri uri) {
        return jdbc.sql("select " + COLUMNS + " from issuer_document where uri = ? order by version desc")
                .param(uri.toString()).query(IssuedDocuments::document).list();
    }

    /** The signed Certificate XML of a resident's document, as the issuer sent it. */
    public Optional<InputStream> openXml(AccountId account, DocumentUri uri) throws IOException {
        Optional<UUID> blob = jdbc.sql("""
                select xml_blob from issuer_document
                where account_id = ? and uri = ? and %s""".formatted(LIVE))
                .params(account.value(), uri.toString()).query(UUID.class).optional();
        return blob.isEmpty() ? Optional.empty() : Optional.of(vault.open(new BlobId(blob.get())));
    }

    /**
     * What the live version of a resident's document says, read from its signed Certificate XML to show as text;
     * {@link DocumentCard#EMPTY} for a document without one (or whose XML cannot be read, which intake prevents),
     * empty when the resident holds no such document. The XML is read again at each call: about a millisecond for a
     * marksheet (measured in {@code IssuedDocumentCardTests}).
     */
    public Optional<DocumentCard> card(AccountId account, DocumentUri uri) throws IOException {
        Optional<Optional<UUID>> blob = jdbc.sql("""
                select xml_blob from issuer_document
                where account_id = ? and uri = ? and %s""".formatted(LIVE))
                .params(account.value(), uri.toString())
                .query((rs, row) -> Optional.ofNullable(rs.getObject("xml_blob", UUID.class))).optional();
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        if (blob.get().isEmpty()) {
            return Optional.of(DocumentCard.EMPTY);
        }
        try (InputStream in = vault.open(new BlobId(blob.get().get()))) {
            return Optional.of(CertificateCards.read(SecureXml.parse(in, maxXmlBytes).getDocumentElement()));
        }
        catch (XmlRejectedException e) {
            return Optional.of(DocumentCard.EMPTY);
        }
    }

    /**
     * The link that the QR code on the page of a resident's document holds: Tijori's proof for its live version
     * behind {@code /verify/{uri}}, signed now (ADR 22). The holder's name comes from the row, read from the
     * Certificate XML when the version was taken; a version taken before that has its XML read once, here.
     */
    public Optional<String> verificationLink(AccountId account, DocumentUri uri) throws IOException {
        Optional<ProofSource> source = jdbc.sql("""
                select id, version, issued_on, xml_blob, xml_sha256, holder_name from issuer_document
                where account_id = ? and uri = ? and %s""".formatted(LIVE))
                .params(account.value(), uri.toString())
                .query((rs, row) -> new ProofSource(rs.getObject("id", UUID.class), rs.getInt("version"),
                        rs.getObject("issued_on", LocalDate.class), rs.getObject("xml_blob", UUID.class),
                        rs.getString("xml_sha256"), rs.getString("holder_name")))
                .optional();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        String holder = source.get().holder();
        if (holder == null && source.get().xml() != null) {
            holder = keepHolder(source.get());
        }
        return Optional.of(proofs.link(new ProofSubject(uri, source.get().version(), source.get().issuedOn(), holder,
                source.get().xmlSha256())));
    }

    /** Reads the holder's name from a version's Certificate XML and keeps it on its row ({@code ''} for none). */
    private String keepHolder(ProofSource source) throws IOException {
        String holder;
        try (InputStream in = vault.open(new BlobId(source.xml()))) {
            holder = XmlElements.holder(SecureXml.parse(in.readAllBytes(), Integer.MAX_VALUE - 16)
                    .getDocumentElement());
        }
        String kept = holder == null ? "" : holder;
        jdbc.sql("update issuer_document set holder_name = ? where id = ? and holder_name is null")
                .params(kept, source.id()).update();
        return kept;
    }

    /** @param holder the row's {@code holder_name}: {@code ''} for an XML that names no one, null if not yet read */
    private record ProofSource(UUID id, int version, LocalDate issuedOn, UUID xml, String xmlSha256, String holder) {
    }

    /**
     * The PDF of a resident's document: the issuer's own, or one Tijori draws from the Certificate XML
     * the first time it is asked for (and again after the document's status changed, or when the one kept
     * was drawn before its QR code carried a proof), kept in the vault.
     */
    public Optional<InputStream> openPdf(AccountId account, DocumentUri uri) throws IOException {
        return open(pdf(account, uri, false));
    }

    /**
     * As {@link #openPdf}, for a document whose PDF or signed XML Tijori holds only: a document known by its URI
     * alone is none, where {@link #openPdf} draws a PDF of what is known of it.
     */
    public Optional<InputStream> openHeldPdf(AccountId account, DocumentUri uri) throws IOException {
        return open(pdf(account, uri, true));
    }

    private Optional<InputStream> open(Optional<KeptPdf> pdf) throws IOException {
        if (pdf.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(pdf.get().drawn() != null ? new ByteArrayInputStream(pdf.get().drawn())
                : vault.open(new BlobId(pdf.get().blob())));
    }

    /**
     * The SHA-256 (hex) of the PDF a resident's document prints as now, drawn first if need be: it
     * changes with every new version and every status change, so whatever is made from the PDF (a
     * preview) can be kept for as long as it is the same.
     */
    public Optional<String> pdfSha256(AccountId account, DocumentUri uri) throws IOException {
        return pdf(account, uri, false).map(KeptPdf::sha256);
    }

    private Optional<KeptPdf> pdf(AccountId account, DocumentUri uri, boolean heldOnly) throws IOException {
        Optional<PdfSource> source = jdbc.sql("""
                select d.id, d.version, d.doc_name, d.status, d.issued_on, d.valid_from, d.valid_to, d.xml_blob,
                       d.xml_sha256, case when d.pdf_rendered and not d.pdf_proof then null else d.pdf_blob end as pdf_blob,
                       d.pdf_sha256, i.name as issuer_name, t.xslt
                from issuer_document d join issuer_issuer i on i.issuer_id = d.issuer_id
                left join issuer_doc_type t on t.issuer_id = d.issuer_id and t.code = d.doc_type
                where d.account_id = ? and d.uri = ? and %s%s""".formatted(IssuedDocumentLedger.live("d.status"),
                        heldOnly ? " and (d.pdf_blob is not null or d.xml_blob is not null)" : ""))
                .params(account.value(), uri.toString())
                .query((rs, row) -> new PdfSource(rs.getObject("id", UUID.class), rs.getObject("pdf_blob", UUID.class),
                        rs.getString("pdf_sha256"), rs.getString("xslt"),
                        rs.getObject("xml_blob", UUID.class), new CertificateRenderer.Subject(uri, rs.getInt("version"),
                                rs.getString("doc_name"), DocumentStatus.valueOf(rs.getString("status")),
                                rs.getObject("issued_on", LocalDate.class), rs.getObject("valid_from", LocalDate.class),
                                rs.getObject("valid_to", LocalDate.class), rs.getString("issuer_name"),
                                rs.getString("xml_sha256"))))
                .optional();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        if (source.get().pdf() != null) {
            return Optional.of(new KeptPdf(source.get().pdf(), source.get().pdfSha256(), null));
        }
        byte[] xml = null;
        if (source.get().xml() != null) {
            try (InputStream in = vault.open(new BlobId(source.get().xml()))) {
                xml = in.readAllBytes();
            }
        }
        byte[] pdf = renderer.render(source.get().subject(), xml, source.get().xslt());
        KeptPdf kept = transactions.execute(status -> {
            StoredBlob stored = vault.store(new ByteArrayInputStream(pdf));
            if (ledger.keepRendered(source.get().id(), source.get().subject().status(), stored)) {
                // Kept for the next request; this one answers with the bytes it drew rather than read them back.
                return new KeptPdf(stored.id().value(), stored.sha256(), pdf);
            }
            // Another request drew it meanwhile (keep theirs), or the status changed since this one was drawn.
            // The blob was never referenced, so deleting it with this transaction leaves nothing behind.
            vault.delete(stored.id());
            return jdbc.sql("""
                    select pdf_blob, pdf_sha256 from issuer_document
                    where id = ? and pdf_blob is not null and (pdf_proof or not pdf_rendered)""")
                    .param(source.get().id())
                    .query((rs, row) -> new KeptPdf(rs.getObject("pdf_blob", UUID.class), rs.getString("pdf_sha256"),
                            null))
                    .optional().orElse(null);
        });
        return Optional.of(kept != null ? kept : new KeptPdf(null, IssuerRequestAuthentication.sha256Hex(pdf), pdf));
    }

    /** A PDF kept in the vault ({@code blob}), or one just drawn and not kept ({@code drawn}). */
    private record KeptPdf(UUID blob, String sha256, byte[] drawn) {
    }

    private record PdfSource(UUID id, UUID pdf, String pdfSha256, String xslt, UUID xml, CertificateRenderer.Subject subject) {
    }

    private static IssuedDocument document(ResultSet rs, int row) throws SQLException {
        OffsetDateTime delivered = rs.getObject("delivered_at", OffsetDateTime.class);
        return new IssuedDocument(rs.getObject("id", UUID.class), DocumentUri.parse(rs.getString("uri")),
                rs.getInt("version"), rs.getString("doc_name"), DocumentStatus.valueOf(rs.getString("status")),
                rs.getObject("issued_on", LocalDate.class), rs.getObject("valid_from", LocalDate.class),
                rs.getObject("valid_to", LocalDate.class), rs.getString("signer"), rs.getBoolean("legacy_signature"),
                rs.getBoolean("has_pdf"),
                rs.getObject("published_at", OffsetDateTime.class).toInstant(),
                delivered == null ? null : delivered.toInstant());
    }
}
