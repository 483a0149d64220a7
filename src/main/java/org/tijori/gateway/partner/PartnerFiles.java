package org.tijori.gateway.partner;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;

import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.token.PartnerAccess;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.HeldDocuments;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.ListedDocument;
import org.tijori.locker.Folder;
import org.tijori.locker.FolderId;
import org.tijori.locker.LockerProblemException;
import org.tijori.locker.UploadId;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;

import org.springframework.stereotype.Service;

/**
 * The File APIs of DigiLocker's partner API without HTTP (ADR 23, operations 6 to 9, 17 and 18): a resident's
 * uploaded documents and folders, issued documents, and one document's bytes or Certificate XML, each only as far
 * as the token's consent reaches. The issued documents a consent does not name are left out by the query itself;
 * a document outside the consent is not found ({@code 404 invalid_uri}, never a 403 that would tell it exists); a
 * scope the consent did not grant is {@code 403 insufficient_scope}. Every call is told to the {@link AccessLog}.
 */
@Service
public class PartnerFiles {

    /** Operation names, as the access log and the resident's connected apps show them. */
    public static final String FILES = "files";

    public static final String ISSUED = "issued";

    public static final String FILE = "file";

    public static final String XML = "xml";

    /** The folder ID that names the top level, as DigiLocker's clients send it. */
    public static final String ROOT = "root";

    /** Bodies up to this size are read once into memory; larger ones twice from the vault (MAC, then body). */
    static final int IN_MEMORY = 1024 * 1024;

    private final UploadedDocuments uploads;

    private final HeldDocuments held;

    private final IssuedDocuments issued;

    private final RequesterHmacs hmacs;

    private final AccessLog accesses;

    PartnerFiles(UploadedDocuments uploads, HeldDocuments held, IssuedDocuments issued, RequesterHmacs hmacs,
            AccessLog accesses) {
        this.uploads = uploads;
        this.held = held;
        this.issued = issued;
        this.hmacs = hmacs;
        this.accesses = accesses;
    }

    /**
     * The top level of the resident's uploaded documents ({@code folder} null or {@value #ROOT}): its folders, then
     * its documents; or one folder's documents.
     *
     * @throws GatewayProblemException {@code 404 invalid_id} for a folder the resident does not have
     */
    public Listing uploaded(PartnerAccess access, String folder) {
        if (folder == null || folder.isBlank() || ROOT.equals(folder)) {
            List<UploadedDocument> all = uploads.list(access.account(), null);
            Map<FolderId, Long> sizes = new LinkedHashMap<>();
            Map<FolderId, UploadedDocument> newest = new LinkedHashMap<>();
            for (UploadedDocument document : all) {
                if (document.folder() != null) {
                    sizes.merge(document.folder().id(), document.size(), Long::sum);
                    // Newest first: the first seen is the newest.
                    newest.putIfAbsent(document.folder().id(), document);
                }
            }
            List<Listing.Item> items = new ArrayList<>();
            for (Folder each : uploads.folders(access.account())) {
                UploadedDocument latest = newest.get(each.id());
                items.add(new Listing.Item(each.id().toString(), each.name(), true,
                        sizes.getOrDefault(each.id(), 0L), latest == null ? null : latest.updatedAt(), ROOT, "", "",
                        ""));
            }
            all.stream().filter(document -> document.folder() == null)
                    .forEach(document -> items.add(item(document, ROOT)));
            accesses.counted(access, FILES);
            return new Listing("/", items);
        }
        Optional<Folder> found = FolderId.parse(folder).flatMap(id -> uploads.findFolder(access.account(), id));
        if (found.isEmpty()) {
            throw refused(access, FILES, new GatewayProblemException(Kind.NOT_FOUND, "invalid_id",
                    "The folder does not exist"));
        }
        String parent = found.get().id().toString();
        List<Listing.Item> items = uploads.list(access.account(), found.get().id()).stream()
                .sorted(Comparator.comparing(UploadedDocument::uploadedAt).reversed())
                .map(document -> item(document, parent)).toList();
        accesses.counted(access, FILES);
        return new Listing(found.get().name(), items);
    }

    /** The live issued documents the consent reaches, newest first: all of them, or those the resident ticked. */
    public List<ListedDocument> issued(PartnerAccess access) {
        List<ListedDocument> documents = held.forPartner(access.account(),
                access.allIssued() ? null : access.documents());
        accesses.counted(access, ISSUED);
        return documents;
    }

    /**
     * A document's bytes: an issued document's PDF, or an uploaded document as it was uploaded, with DigiLocker's
     * {@code hmac} of them keyed by the requester's client secret.
     *
     * @throws GatewayProblemException {@code 404 invalid_uri} for a document the consent does not reach or that is
     *                                 not held (an issued document whose content Tijori does not hold among them),
     *                                 {@code 403 insufficient_scope} for a kind of document the consent does not
     *                                 grant
     */
    public Content file(PartnerAccess access, String uri) throws IOException {
        String requested = requireUri(access, FILE, uri);
        if (UploadedUri.isUploaded(requested)) {
            requireScope(access, FILE, PartnerScope.UPLOADED_DOCUMENTS);
            UploadId upload = UploadedUri.parse(requested).orElseThrow(() -> notFound(access, FILE));
            UploadedDocuments.Download download;
            try {
                download = uploads.read(access.account(), upload);
            }
            catch (LockerProblemException e) {
                if (e.kind() == LockerProblemException.Kind.NOT_FOUND) {
                    throw notFound(access, FILE);
                }
                throw e;
            }
            Content content = content(access, download.mediaType(), download.content(),
                    () -> uploads.read(access.account(), upload).content());
            accesses.read(access, FILE, UploadedUri.of(upload));
            return content;
        }
        requireScope(access, FILE, PartnerScope.ISSUED_DOCUMENTS);
        DocumentUri document = reached(access, FILE, requested);
        Optional<InputStream> pdf = issued.openHeldPdf(access.account(), document);
        if (pdf.isEmpty()) {
            throw notFound(access, FILE);
        }
        Content content = content(access, "application/pdf", pdf.get(),
                () -> issued.openHeldPdf(access.account(), document).orElseThrow(() -> new IOException(
                        "The PDF of " + document + " is gone between two reads")));
        accesses.read(access, FILE, document.toString());
        return content;
    }

    /**
     * An issued document's signed Certificate XML, as its issuer sent it.
     *
     * @throws GatewayProblemException {@code 404 invalid_uri} for an uploaded document (none has XML), a document
     *                                 the consent does not reach, or one whose XML Tijori does not hold
     */
    public byte[] xml(PartnerAccess access, String uri) throws IOException {
        String requested = requireUri(access, XML, uri);
        if (UploadedUri.isUploaded(requested)) {
            throw notFound(access, XML);
        }
        DocumentUri document = reached(access, XML, requested);
        Optional<InputStream> xml = issued.openXml(access.account(), document);
        if (xml.isEmpty()) {
            throw notFound(access, XML);
        }
        byte[] bytes;
        try (InputStream in = xml.get()) {
            bytes = in.readAllBytes();
        }
        accesses.read(access, XML, document.toString());
        return bytes;
    }

    private String requireUri(PartnerAccess access, String operation, String uri) {
        if (uri == null || uri.isBlank()) {
            throw refused(access, operation, new GatewayProblemException(Kind.INVALID, "uri_missing",
                    "URI parameter missing"));
        }
        return uri.strip();
    }

    private void requireScope(PartnerAccess access, String operation, PartnerScope scope) {
        if (!access.has(scope)) {
            throw refused(access, operation, new GatewayProblemException(Kind.FORBIDDEN, "insufficient_scope",
                    "The access token's consent does not allow this operation."));
        }
    }

    /** The issued document a URI names, if the consent reaches it. */
    private DocumentUri reached(PartnerAccess access, String operation, String uri) {
        DocumentUri document;
        try {
            document = DocumentUri.parse(uri);
        }
        catch (IllegalArgumentException e) {
            throw notFound(access, operation);
        }
        if (!access.reaches(document)) {
            throw notFound(access, operation);
        }
        return document;
    }

    private GatewayProblemException notFound(PartnerAccess access, String operation) {
        return refused(access, operation, new GatewayProblemException(Kind.NOT_FOUND, "invalid_uri",
                "No file found for given URI"));
    }

    private GatewayProblemException refused(PartnerAccess access, String operation,
            GatewayProblemException problem) {
        int status = switch (problem.kind()) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            default -> 500;
        };
        accesses.failed(access, operation, status, problem.error());
        return problem;
    }

    private static Listing.Item item(UploadedDocument document, String parent) {
        return new Listing.Item(document.id().toString(), document.name(), false, document.size(),
                document.updatedAt(), parent, document.mediaType(), UploadedUri.of(document.id()),
                document.docType() == null ? "" : document.docType().code());
    }

    /**
     * Reads a body to compute its {@code hmac}: a body up to {@link #IN_MEMORY} is kept; a larger one is read to
     * its end for the MAC and opened again to be sent.
     */
    private Content content(PartnerAccess access, String mediaType, InputStream first, Reopen again)
            throws IOException {
        Mac mac = hmacs.keyedFor(access.requester()).orElse(null);
        var kept = new ByteArrayOutputStream();
        long size = 0;
        boolean large = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = first) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (mac != null) {
                    mac.update(buffer, 0, read);
                }
                size += read;
                if (!large) {
                    kept.write(buffer, 0, read);
                    if (kept.size() > IN_MEMORY) {
                        large = true;
                        kept = null;
                    }
                }
            }
        }
        String hmac = mac == null ? null : Base64.getEncoder().encodeToString(mac.doFinal());
        return large ? new Content(mediaType, size, hmac, null, again)
                : new Content(mediaType, size, hmac, kept.toByteArray(), null);
    }

    /** Opens a document's content again. */
    @FunctionalInterface
    public interface Reopen {

        InputStream open() throws IOException;
    }

    /**
     * A document's bytes as a file answer sends them.
     *
     * @param hmac base64 HMAC-SHA256 of the bytes keyed by the requester's client secret; null when the requester
     *             has no secret kept
     * @param bytes the body, when it was small enough to keep; else {@code reopen} opens it again
     */
    public record Content(String mediaType, long size, String hmac, byte[] bytes, Reopen reopen) {

        public InputStream open() throws IOException {
            return bytes != null ? new ByteArrayInputStream(bytes) : reopen.open();
        }
    }

    /**
     * A directory of uploaded documents, DigiLocker's {@code files} answer.
     *
     * @param directory "/" for the top level, or the folder's name
     */
    public record Listing(String directory, List<Item> items) {

        /**
         * A document or folder.
         *
         * @param folder whether it is a folder ({@code dir}) rather than a document ({@code file})
         * @param date when it last changed; null for an empty folder
         * @param parent {@value PartnerFiles#ROOT}, or the ID of the folder it is in
         * @param mime its media type, empty for a folder
         * @param uri its {@link UploadedUri}, empty for a folder
         * @param description its document type's code, or empty
         */
        public record Item(String id, String name, boolean folder, long size, Instant date, String parent,
                String mime, String uri, String description) {
        }
    }
}
