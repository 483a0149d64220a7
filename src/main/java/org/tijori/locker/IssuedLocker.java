package org.tijori.locker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;
import org.tijori.account.events.AccountDeleted;
import org.tijori.issuer.DocumentCard;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocument;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.locker.events.DocumentDownloaded;
import org.tijori.storage.BlobId;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Downloads of the documents issuers delivered to a resident: the PDF (the issuer's, or one drawn
 * from the Certificate XML) and the signed XML, each one recorded in the trail; and a picture of the
 * PDF's first page, drawn once for each PDF the document prints as and kept.
 */
@Service
public class IssuedLocker {

    static final int PREVIEW_WIDTH = 900;

    private final IssuedDocuments documents;

    private final ApplicationEventPublisher events;

    private final Previews previews;

    private final JdbcClient jdbc;

    private final BlobVault vault;

    private final TransactionTemplate transactions;

    private final Clock clock;

    IssuedLocker(IssuedDocuments documents, ApplicationEventPublisher events, Previews previews, JdbcClient jdbc,
            BlobVault vault, TransactionTemplate transactions, Clock clock) {
        this.documents = documents;
        this.events = events;
        this.previews = previews;
        this.jdbc = jdbc;
        this.vault = vault;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The PDF of a document in the resident's locker; empty when the resident holds no such document. */
    public Optional<InputStream> pdf(AccountId account, DocumentUri uri) throws IOException {
        Optional<InputStream> pdf = documents.openPdf(account, uri);
        pdf.ifPresent(opened -> downloaded(account, uri, "pdf"));
        return pdf;
    }

    /**
     * A picture of the document's first page, to show it on a page; empty when it cannot be drawn. It is
     * drawn once for the PDF the document prints as now (a new version or a status change prints another),
     * and so is the finding that it cannot be drawn.
     *
     * @throws LockerProblemException {@code NOT_FOUND} when the resident holds no such document,
     *                                {@code BUSY} when every drawer stayed busy for as long as a request waits
     */
    public Optional<byte[]> preview(AccountId account, DocumentUri uri) throws IOException {
        Optional<String> pdfSha256 = documents.pdfSha256(account, uri);
        if (pdfSha256.isEmpty()) {
            throw new LockerProblemException(LockerProblemException.Kind.NOT_FOUND,
                    "There is no such document in your locker.");
        }
        Optional<Kept> kept = kept(account, uri);
        if (kept.isPresent() && kept.get().pdfSha256().equals(pdfSha256.get())) {
            if (kept.get().preview() == null) {
                return Optional.empty();
            }
            try (InputStream png = vault.open(new BlobId(kept.get().preview()))) {
                return Optional.of(png.readAllBytes());
            }
        }
        Optional<InputStream> pdf = documents.openPdf(account, uri);
        if (pdf.isEmpty()) {
            throw new LockerProblemException(LockerProblemException.Kind.NOT_FOUND,
                    "There is no such document in your locker.");
        }
        Previews.Drawing drawing;
        try (InputStream content = pdf.get()) {
            drawing = previews.draw(content, "application/pdf", PREVIEW_WIDTH, "issued document " + uri);
        }
        if (drawing instanceof Previews.Busy) {
            throw UploadedDocuments.busy();
        }
        byte[] png = drawing instanceof Previews.Drawn drawn ? drawn.png() : null;
        keep(account, uri, pdfSha256.get(), png);
        return Optional.ofNullable(png);
    }

    /**
     * The link a document's QR code holds on its page: Tijori's proof for its live version, signed now;
     * empty when the resident holds no such document.
     */
    public Optional<String> verificationLink(AccountId account, DocumentUri uri) throws IOException {
        return documents.verificationLink(account, uri);
    }

    /**
     * What a document in the resident's locker says, as text to show first on its page; empty when the resident
     * holds no such document.
     */
    public Optional<DocumentCard> card(AccountId account, DocumentUri uri) throws IOException {
        return documents.card(account, uri);
    }

    /** The signed Certificate XML, as the issuer sent it. */
    public Optional<InputStream> xml(AccountId account, DocumentUri uri) throws IOException {
        Optional<InputStream> xml = documents.openXml(account, uri);
        xml.ifPresent(opened -> downloaded(account, uri, "xml"));
        return xml;
    }

    /** Records a download with the document's name, which is what the resident's activity shows. */
    private void downloaded(AccountId account, DocumentUri uri, String form) {
        String name = documents.find(account, uri).map(IssuedDocument::docName).orElse(null);
        events.publishEvent(DocumentDownloaded.issued(account, uri.toString(), name, form));
    }

    /** A deleted account takes the previews of its issued documents with it. */
    @ApplicationModuleListener
    void on(AccountDeleted deleted) {
        List<UUID> blobs = jdbc.sql("delete from locker_issued_preview where account_id = ? returning preview_blob")
                .param(deleted.account().value()).query(UUID.class).list();
        blobs.stream().filter(java.util.Objects::nonNull).forEach(blob -> vault.delete(new BlobId(blob)));
    }

    private Optional<Kept> kept(AccountId account, DocumentUri uri) {
        return jdbc.sql("select pdf_sha256, preview_blob from locker_issued_preview where account_id = ? and uri = ?")
                .params(account.value(), uri.toString())
                .query((rs, row) -> new Kept(rs.getString("pdf_sha256"), rs.getObject("preview_blob", UUID.class)))
                .optional();
    }

    /** Keeps what was drawn of this PDF (null: nothing could be), replacing what was drawn of an older one. */
    private void keep(AccountId account, DocumentUri uri, String pdfSha256, byte[] png) {
        transactions.executeWithoutResult(status -> {
            StoredBlob stored = png == null ? null : vault.store(new ByteArrayInputStream(png));
            UUID preview = stored == null ? null : stored.id().value();
            OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            int inserted = jdbc.sql("""
                    insert into locker_issued_preview (account_id, uri, pdf_sha256, preview_blob, drawn_at)
                    values (?, ?, ?, ?, ?) on conflict (account_id, uri) do nothing""")
                    .params(account.value(), uri.toString(), pdfSha256, preview, now).update();
            if (inserted == 1) {
                return;
            }
            Kept old = jdbc.sql("""
                    select pdf_sha256, preview_blob from locker_issued_preview where account_id = ? and uri = ?
                    for update""")
                    .params(account.value(), uri.toString())
                    .query((rs, row) -> new Kept(rs.getString("pdf_sha256"), rs.getObject("preview_blob", UUID.class)))
                    .single();
            if (old.pdfSha256().equals(pdfSha256)) {
                // Another request drew this PDF meanwhile: keep theirs.
                if (stored != null) {
                    vault.delete(stored.id());
                }
                return;
            }
            jdbc.sql("""
                    update locker_issued_preview set pdf_sha256 = ?, preview_blob = ?, drawn_at = ?
                    where account_id = ? and uri = ?""")
                    .params(pdfSha256, preview, now, account.value(), uri.toString()).update();
            if (old.preview() != null) {
                vault.delete(new BlobId(old.preview()));
            }
        });
    }

    private record Kept(String pdfSha256, UUID preview) {
    }
}
