package org.tijori.issuer.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.tijori.account.AccountId;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IllegalDocumentMoveException;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.events.DocumentDelivered;
import org.tijori.storage.BlobId;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one writer of an issued document's life in {@code issuer_document}: its versions (added, updated,
 * deleted), its status (revoked, suspended, reinstated), where it is held (parked, delivered) and the PDF
 * drawn for it. Every status it writes is the move its {@link DocumentStatus} allows, and every write is
 * conditional on the status it moved from, so that nothing else can have moved it meanwhile. Callers run
 * it in their transaction, having locked the version with {@link #newest}. It also spells, once, which
 * versions are live ({@link #live(String)}) for every query of the repository.
 */
@Component
public class IssuedDocumentLedger {

    private final JdbcClient jdbc;

    private final BlobVault vault;

    IssuedDocumentLedger(JdbcClient jdbc, BlobVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /**
     * The SQL condition that a status column holds a live version's status ({@link DocumentStatus#LIVE}),
     * as in {@code live("d.status")}.
     */
    public static String live(String column) {
        return column + " in (" + DocumentStatus.LIVE.stream().map(status -> "'" + status.name() + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    /**
     * The newest version of a URI, locked until the transaction ends. A URI's live version, when it has
     * one, is always its newest: a version is only ever added above every other.
     */
    public Optional<Version> newest(DocumentUri uri) {
        return jdbc.sql("""
                select id, version, account_id, status from issuer_document
                where uri = ? order by version desc limit 1 for update""")
                .param(uri.toString())
                .query((rs, row) -> {
                    UUID account = rs.getObject("account_id", UUID.class);
                    return new Version(rs.getObject("id", UUID.class), rs.getInt("version"),
                            account == null ? null : new AccountId(account),
                            DocumentStatus.valueOf(rs.getString("status")));
                })
                .optional();
    }

    /** The live version of a URI, locked until the transaction ends. */
    public Optional<Version> live(DocumentUri uri) {
        return newest(uri).filter(version -> version.status().isLive());
    }

    /**
     * Adds a URI's first version, or the first after it was deleted: above every version it had.
     *
     * @param newest what {@link #newest} answered for the URI, in this transaction
     * @return the version added
     */
    public int add(Optional<Version> newest, NewVersion document, Instant now) {
        if (newest.isPresent() && newest.get().status().isLive()) {
            throw new IllegalDocumentMoveException(newest.get().status(), "followed by a first version");
        }
        int version = newest.map(found -> found.version() + 1).orElse(1);
        insert(version, document, now);
        return version;
    }

    /**
     * Publishes the next version of a document: the live one is superseded by it.
     *
     * @return the version added
     */
    public int update(Version live, NewVersion document, Instant now) {
        move(live, live.status().supersede(), now);
        int version = live.version() + 1;
        insert(version, document, now);
        return version;
    }

    /** The issuer deletes its document: no one holds it any more. */
    public void delete(Version live, Instant now) {
        move(live, live.status().delete(), now);
    }

    /**
     * The issuer revokes, suspends or reinstates a version. A PDF that Tijori drew showing the old
     * status is dropped, to be drawn again; one the issuer sent is kept.
     *
     * @return the status the version moved to
     */
    public DocumentStatus changeStatus(Version current, DocumentStatus wanted, String reason, Instant now) {
        DocumentStatus next = current.status().changeTo(wanted);
        Optional<UUID> rendered = jdbc.sql("""
                select pdf_blob from issuer_document where id = ? and pdf_rendered and pdf_blob is not null""")
                .param(current.id()).query(UUID.class).optional();
        moved(current, jdbc.sql("""
                update issuer_document set status = ?, status_reason = ?, status_changed_at = ?,
                       pdf_blob = case when pdf_rendered then null else pdf_blob end,
                       pdf_sha256 = case when pdf_rendered then null else pdf_sha256 end,
                       pdf_rendered = false, pdf_proof = false
                where id = ? and status = ?""")
                .params(next.name(), reason, utc(now), current.id(), current.status().name()).update());
        rendered.ifPresent(blob -> vault.delete(new BlobId(blob)));
        return next;
    }

    /**
     * Delivers the live documents parked for a national ID to the locker of the resident who linked it.
     *
     * @return what was delivered
     */
    List<DocumentDelivered> deliverParked(AccountId account, byte[] uidFingerprint, Instant now) {
        return jdbc.sql("""
                update issuer_document set account_id = ?, delivered_at = ?
                where account_id is null and uid_fingerprint = ? and %s
                returning uri, version, issuer_id, doc_name""".formatted(live("status")))
                .params(account.value(), utc(now), uidFingerprint)
                .query((rs, row) -> new DocumentDelivered(account, rs.getString("uri"), rs.getInt("version"),
                        rs.getString("issuer_id"), rs.getString("doc_name")))
                .list();
    }

    /**
     * Keeps a PDF that Tijori drew for a version, if the version has none yet (or only one Tijori drew before
     * its QR code carried a proof, ADR 22) and still has the status the PDF shows: a PDF drawn before a status
     * change must not outlive it. A replaced PDF's blob is deleted once the caller's transaction commits.
     *
     * @return whether it was kept
     */
    public boolean keepRendered(UUID id, DocumentStatus drawnFor, StoredBlob pdf) {
        Optional<UUID> withoutProof = jdbc.sql("""
                select pdf_blob from issuer_document
                where id = ? and pdf_blob is not null and pdf_rendered and not pdf_proof for update""")
                .param(id).query(UUID.class).optional();
        boolean kept = jdbc.sql("""
                update issuer_document set pdf_blob = ?, pdf_sha256 = ?, pdf_rendered = true, pdf_proof = true
                where id = ? and status = ? and (pdf_blob is null or (pdf_rendered and not pdf_proof))""")
                .params(pdf.id().value(), pdf.sha256(), id, drawnFor.name()).update() == 1;
        if (kept) {
            withoutProof.ifPresent(blob -> vault.delete(new BlobId(blob)));
        }
        return kept;
    }

    private void move(Version current, DocumentStatus next, Instant now) {
        moved(current, jdbc.sql("""
                update issuer_document set status = ?, status_changed_at = ? where id = ? and status = ?""")
                .params(next.name(), utc(now), current.id(), current.status().name()).update());
    }

    private static void moved(Version current, int updated) {
        if (updated != 1) {
            // The caller locked the version, so only a caller that did not can get here.
            throw new IllegalStateException("The version " + current.id() + " is no longer " + current.status()
                    + "; lock it with newest() first.");
        }
    }

    private void insert(int version, NewVersion document, Instant now) {
        jdbc.sql("""
                insert into issuer_document (id, uri, version, issuer_id, doc_type, doc_id, doc_name, status,
                                             issued_on, valid_from, valid_to, xml_blob, xml_sha256, pdf_blob,
                                             pdf_sha256, signer, legacy_signature, holder_name, uid_fingerprint,
                                             account_id, delivered_at, published_at, status_changed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), document.uri().toString(), version, document.issuer().value(),
                        document.uri().docType().value(), document.uri().docId(), document.docName(),
                        DocumentStatus.ACTIVE.name(), document.issuedOn(), document.validFrom(), document.validTo(),
                        document.xml() == null ? null : document.xml().id().value(),
                        document.xml() == null ? null : document.xml().sha256(),
                        document.pdf() == null ? null : document.pdf().id().value(),
                        document.pdf() == null ? null : document.pdf().sha256(), document.signer(),
                        document.legacySignature(), holderName(document),
                        document.uidFingerprint(), document.account() == null ? null : document.account().value(),
                        document.account() == null ? null : utc(now), utc(now), utc(now))
                .update();
    }

    /**
     * The {@code holder_name} of a version: {@code ''} for a Certificate XML that names no one, so that only a
     * version taken before the column has none to read from its XML.
     */
    private static String holderName(NewVersion document) {
        return document.xml() == null ? null : document.holder() == null ? "" : document.holder();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * One version of a document, as locked for a move.
     *
     * @param account the resident who holds it, or {@code null} while it is parked
     */
    public record Version(UUID id, int version, AccountId account, DocumentStatus status) {
    }

    /**
     * A version about to be published, its content already in the vault.
     *
     * @param legacySignature whether its Certificate XML is signed with RSA-SHA1 (allowed for its issuer)
     * @param holder the holder's name its Certificate XML gives, or {@code null}
     * @param uidFingerprint the national ID it is parked for, or {@code null}
     * @param account the resident it is delivered to, or {@code null} while it is parked
     */
    public record NewVersion(DocumentUri uri, IssuerId issuer, String docName, LocalDate issuedOn, LocalDate validFrom, LocalDate validTo,
            StoredBlob xml, StoredBlob pdf, String signer, boolean legacySignature, String holder,
            byte[] uidFingerprint, AccountId account) {
    }
}
