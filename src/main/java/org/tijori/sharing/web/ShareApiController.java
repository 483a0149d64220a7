package org.tijori.sharing.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.account.ResidentPrincipal;
import org.tijori.sharing.DocumentSharing;
import org.tijori.sharing.DocumentSharing.DocumentReference;
import org.tijori.sharing.ShareId;
import org.tijori.sharing.ShareOpening;
import org.tijori.sharing.SharingProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in resident's shares as JSON (API.md section 9): create one, list them with every access, revoke one.
 * A session cookie authenticates; changes carry the CSRF token like the pages' forms.
 */
@RestController
@RequestMapping("/api/v1/locker/shares")
@Tag(name = "Sharing", description = "The signed-in resident's share links")
class ShareApiController {

    private final DocumentSharing sharing;

    ShareApiController(DocumentSharing sharing) {
        this.sharing = sharing;
    }

    @PostMapping
    @Operation(summary = "Share documents by an e-mail link", description = "documents: [{kind: issued, uri} | "
            + "{kind: uploaded, id}]; email; expiresInHours 1..720 (default 168); maxViews and accessCode optional; "
            + "downloadAllowed (default true). The recipient gets the link by e-mail, in the resident's language.")
    ResponseEntity<CreatedShare> share(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestBody(required = false) ShareBody body, Locale locale) {
        if (body == null) {
            throw new SharingProblemException(SharingProblemException.Kind.INVALID,
                    "Send {\"documents\":[...],\"email\":...} as JSON.");
        }
        DocumentSharing.Created created = sharing.share(resident.accountId(), resident.displayName(),
                new DocumentSharing.ShareRequest(body.documents(), body.email(), body.expiresInHours(),
                        body.maxViews(), body.accessCode(), body.downloadAllowed(), body.notifyFirstOpening(),
                        Languages.of(locale)));
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedShare(created.id(), created.expiresAt()));
    }

    @GetMapping
    @Operation(summary = "List the resident's shares", description = "Newest first, each with its state (ACTIVE, "
            + "EXPIRED, USED_UP, REVOKED, LOCKED) and every access: time, approximate client, what was opened.")
    List<ShareItem> shares(@AuthenticationPrincipal ResidentPrincipal resident) {
        return sharing.shares(resident.accountId()).stream().map(ShareItem::of).toList();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a share", description = "The link stops opening at once.")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id) {
        ShareId share = ShareId.parse(id).orElseThrow(() -> new SharingProblemException(
                SharingProblemException.Kind.NOT_FOUND, "There is no such share in your locker."));
        sharing.revoke(resident.accountId(), share);
        return ResponseEntity.noContent().build();
    }

    record ShareBody(List<DocumentReference> documents, String email, Integer expiresInHours, Integer maxViews,
            String accessCode, Boolean downloadAllowed, Boolean notifyFirstOpening) {
    }

    record CreatedShare(ShareId id, Instant expiresAt) {
    }

    record ShareItem(ShareId id, String state, String recipient, List<DocumentItem> documents, Instant createdAt,
            Instant expiresAt, Integer maxViews, int views, boolean downloadAllowed, boolean accessCode,
            Instant revokedAt, String endedReason, List<AccessItem> accesses) {

        static ShareItem of(DocumentSharing.Share share) {
            var link = share.link();
            return new ShareItem(link.id(), share.state().name(), link.recipient(),
                    link.documents().stream().map(document -> new DocumentItem(document.kind().code(),
                            document.kind() == org.tijori.sharing.SharedDocument.Kind.ISSUED ? document.reference() : null,
                            document.kind() == org.tijori.sharing.SharedDocument.Kind.UPLOADED ? document.reference() : null,
                            document.name())).toList(),
                    link.createdAt(), link.expiresAt(), link.maxViews(), link.views(), link.downloadAllowed(),
                    link.needsAccessCode(), link.revokedAt(), link.endedReason(),
                    share.openings().stream().map(AccessItem::of).toList());
        }
    }

    record DocumentItem(String kind, String uri, String id, String name) {
    }

    record AccessItem(Instant at, String client, String agent, String opened) {

        static AccessItem of(ShareOpening opening) {
            return new AccessItem(opening.at(), opening.client(), opening.agent(), opening.what());
        }
    }
}
