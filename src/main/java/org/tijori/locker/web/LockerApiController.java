package org.tijori.locker.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.ResidentPrincipal;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.HeldDocument;
import org.tijori.issuer.HeldDocuments;
import org.tijori.locker.DocumentKind;
import org.tijori.locker.Folder;
import org.tijori.locker.FolderId;
import org.tijori.locker.IssuedLocker;
import org.tijori.locker.LockerProblemException;
import org.tijori.locker.UploadId;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;
import org.tijori.locker.Usage;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in resident's locker as JSON, for mobile apps: the same actions as the pages. A session
 * cookie authenticates; changes carry the CSRF token like the pages' forms.
 */
@RestController
@RequestMapping("/api/v1/locker")
@Tag(name = "Locker", description = "The signed-in resident's issued and uploaded documents")
class LockerApiController {

    private final HeldDocuments held;

    private final IssuedLocker issued;

    private final UploadedDocuments uploads;

    private final Clock clock;

    LockerApiController(HeldDocuments held, IssuedLocker issued, UploadedDocuments uploads, Clock clock) {
        this.held = held;
        this.issued = issued;
        this.uploads = uploads;
        this.clock = clock;
    }

    @GetMapping("/issued")
    @Operation(summary = "List issued documents", description = "Newest first, 50 a page; filter by issuer ID, "
            + "doc type code and part of the name.")
    IssuedPage issued(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String issuer, @RequestParam(required = false) String type,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page) {
        if (page < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page is 0 or more.");
        }
        var filter = new HeldDocuments.Filter(issuer, type, q);
        int size = IssuedPagesController.PAGE_SIZE;
        LocalDate today = LocalDate.now(clock.withZone(IssuedPagesController.INDIA));
        HeldDocuments.Page found = held.list(resident.accountId(), filter, page * size, size);
        List<IssuedItem> items = found.documents().stream().map(document -> item(document, today)).toList();
        return new IssuedPage(items, page, found.total());
    }

    @GetMapping("/issued/{uri}")
    @Operation(summary = "One issued document", description = "With its versions and its verification link.")
    IssuedDetail issuedDocument(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String uri)
            throws IOException {
        DocumentUri parsed = IssuedPagesController.parse(uri);
        LocalDate today = LocalDate.now(clock.withZone(IssuedPagesController.INDIA));
        HeldDocument document = held.find(resident.accountId(), parsed)
                .orElseThrow(IssuedPagesController::notFound);
        String verifyUrl = issued.verificationLink(resident.accountId(), parsed)
                .orElseThrow(IssuedPagesController::notFound);
        return new IssuedDetail(item(document, today), verifyUrl,
                held.versions(resident.accountId(), parsed).stream().map(version -> item(version, today)).toList());
    }

    @GetMapping("/issued/{uri}/pdf")
    @Operation(summary = "Download an issued document's PDF")
    void issuedPdf(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String uri,
            HttpServletResponse response) throws IOException {
        DocumentUri parsed = IssuedPagesController.parse(uri);
        InputStream pdf = issued.pdf(resident.accountId(), parsed).orElseThrow(IssuedPagesController::notFound);
        Downloads.send(response, parsed + ".pdf", "application/pdf", -1, pdf);
    }

    @GetMapping("/issued/{uri}/xml")
    @Operation(summary = "Download an issued document's signed Certificate XML")
    void issuedXml(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String uri,
            HttpServletResponse response) throws IOException {
        DocumentUri parsed = IssuedPagesController.parse(uri);
        InputStream xml = issued.xml(resident.accountId(), parsed).orElseThrow(IssuedPagesController::notFound);
        Downloads.send(response, parsed + ".xml", "application/xml", -1, xml);
    }

    @GetMapping("/uploaded")
    @Operation(summary = "List uploaded documents", description = "Newest first; one folder's with folder=<id>; "
            + "the recycle bin with bin=true.")
    List<UploadedItem> uploaded(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) FolderId folder, @RequestParam(defaultValue = "false") boolean bin) {
        if (folder != null && uploads.findFolder(resident.accountId(), folder).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no such folder in your locker.");
        }
        List<UploadedDocument> documents = bin ? uploads.bin(resident.accountId())
                : uploads.list(resident.accountId(), folder);
        return documents.stream().map(UploadedItem::of).toList();
    }

    @PostMapping(path = "/uploaded", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a document", description = "The file in field file; optional folder (ID) and "
            + "type (a catalogue code). The type of the content is decided by its bytes.")
    ResponseEntity<UploadedItem> upload(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) FolderId folder, @RequestParam(required = false) String type)
            throws IOException {
        if (file == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Send the document in the multipart field file.");
        }
        try (InputStream content = file.getInputStream()) {
            UploadedDocument document = uploads.upload(resident.accountId(), file.getOriginalFilename(),
                    file.getSize(), content, folder, kind(type));
            return ResponseEntity.status(HttpStatus.CREATED).body(UploadedItem.of(document));
        }
    }

    @GetMapping("/uploaded/{id}")
    @Operation(summary = "One uploaded document")
    UploadedItem uploadedDocument(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id) {
        return uploads.find(resident.accountId(), UploadedPagesController.id(id)).map(UploadedItem::of)
                .orElseThrow(IssuedPagesController::notFound);
    }

    @PatchMapping("/uploaded/{id}")
    @Operation(summary = "Rename, type or move an uploaded document", description = "Send any of name, type "
            + "(a catalogue code, or an empty string to clear it) and folder (an ID, or an empty string for the top "
            + "level).")
    UploadedItem change(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            @RequestBody(required = false) UploadedChange change) {
        UploadId document = UploadedPagesController.id(id);
        if (change == null || change.name() == null && change.type() == null && change.folder() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Send name, type or folder to change.");
        }
        if (uploads.find(resident.accountId(), document).filter(found -> !found.inBin()).isEmpty()) {
            throw IssuedPagesController.notFound();
        }
        UploadedDocument changed = null;
        if (change.name() != null) {
            changed = uploads.rename(resident.accountId(), document, change.name());
        }
        if (change.type() != null) {
            changed = uploads.classify(resident.accountId(), document, change.type().isBlank() ? null
                    : kind(change.type()));
        }
        if (change.folder() != null) {
            changed = uploads.move(resident.accountId(), document, change.folder().isBlank() ? null
                    : UploadedPagesController.folderId(change.folder()));
        }
        return UploadedItem.of(changed);
    }

    @DeleteMapping("/uploaded/{id}")
    @Operation(summary = "Delete an uploaded document", description = "To the recycle bin; with permanently=true, "
            + "a document already in the bin is removed for good.")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            @RequestParam(defaultValue = "false") boolean permanently) {
        if (permanently) {
            uploads.deleteForever(resident.accountId(), UploadedPagesController.id(id));
        }
        else {
            uploads.delete(resident.accountId(), UploadedPagesController.id(id));
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/uploaded/{id}/restore")
    @Operation(summary = "Restore an uploaded document from the recycle bin")
    UploadedItem restore(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id) {
        return UploadedItem.of(uploads.restore(resident.accountId(), UploadedPagesController.id(id)));
    }

    @GetMapping("/uploaded/{id}/content")
    @Operation(summary = "Download an uploaded document")
    void content(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            HttpServletResponse response) throws IOException {
        UploadedDocuments.Download download = uploads.open(resident.accountId(), UploadedPagesController.id(id));
        Downloads.send(response, download.name(), download.mediaType(), download.size(), download.content());
    }

    @GetMapping("/uploaded/{id}/thumbnail")
    @Operation(summary = "A PNG preview of an uploaded document")
    void thumbnail(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            HttpServletResponse response) throws IOException {
        Optional<byte[]> png;
        try {
            png = uploads.thumbnail(resident.accountId(), UploadedPagesController.id(id));
        }
        catch (LockerProblemException e) {
            if (e.kind() != LockerProblemException.Kind.BUSY) {
                throw e;
            }
            Pictures.busy(response, e);
            return;
        }
        Pictures.send(response, png.orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "This document has no preview.")));
    }

    @GetMapping("/folders")
    @Operation(summary = "List folders")
    List<Folder> folders(@AuthenticationPrincipal ResidentPrincipal resident) {
        return uploads.folders(resident.accountId());
    }

    @PostMapping("/folders")
    @Operation(summary = "Create a folder")
    ResponseEntity<Folder> createFolder(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestBody(required = false) FolderName name) {
        if (name == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Send the folder's name.");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(uploads.createFolder(resident.accountId(), name.name()));
    }

    @PatchMapping("/folders/{id}")
    @Operation(summary = "Rename a folder")
    Folder renameFolder(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            @RequestBody(required = false) FolderName name) {
        if (name == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Send the folder's name.");
        }
        return uploads.renameFolder(resident.accountId(), UploadedPagesController.folderId(id), name.name());
    }

    @DeleteMapping("/folders/{id}")
    @Operation(summary = "Delete a folder", description = "Its documents move to the top level.")
    ResponseEntity<Void> deleteFolder(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id) {
        uploads.deleteFolder(resident.accountId(), UploadedPagesController.folderId(id));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/usage")
    @Operation(summary = "Storage used of the quota")
    Usage usage(@AuthenticationPrincipal ResidentPrincipal resident) {
        return uploads.usage(resident.accountId());
    }

    @GetMapping("/document-types")
    @Operation(summary = "The catalogue of types an uploaded document may have")
    List<String> documentTypes() {
        return java.util.Arrays.stream(DocumentKind.values()).map(DocumentKind::code).toList();
    }

    private static DocumentKind kind(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        return DocumentKind.fromCode(type).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "type is one of the catalogue's codes (GET /api/v1/locker/document-types)."));
    }

    private static IssuedItem item(HeldDocument document, LocalDate today) {
        return new IssuedItem(document.uri().toString(), document.version(), document.docName(),
                document.uri().issuer().value(), document.issuerName(), document.uri().docType().value(),
                document.docTypeName(), document.standing(today), document.statusReason(), document.issuedOn(),
                document.validFrom(), document.validTo(), document.deliveredAt());
    }

    record IssuedPage(List<IssuedItem> documents, int page, long total) {
    }

    record IssuedItem(String uri, int version, String name, String issuer, String issuerName, String docType,
            String docTypeName, String status, String statusReason, LocalDate issuedOn, LocalDate validFrom,
            LocalDate validTo, Instant deliveredAt) {
    }

    record IssuedDetail(IssuedItem document, String verifyUrl, List<IssuedItem> versions) {
    }

    record UploadedItem(UploadId id, String name, String type, String mediaType, long size, Folder folder,
            Instant uploadedAt, Instant updatedAt, Instant deletedAt) {

        static UploadedItem of(UploadedDocument document) {
            return new UploadedItem(document.id(), document.name(),
                    document.docType() == null ? null : document.docType().code(), document.mediaType(),
                    document.size(), document.folder(), document.uploadedAt(), document.updatedAt(),
                    document.deletedAt());
        }
    }

    record UploadedChange(String name, String type, String folder) {
    }

    record FolderName(String name) {
    }
}
