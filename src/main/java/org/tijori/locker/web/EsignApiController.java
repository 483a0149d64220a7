package org.tijori.locker.web;

import java.net.URI;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.account.ResidentPrincipal;
import org.tijori.locker.DocumentSigning;
import org.tijori.locker.SigningId;
import org.tijori.locker.SigningRequest;
import org.tijori.locker.UploadedDocument;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * E-signing an uploaded document as JSON (API section 8, issue 18): start, which sends a code to the resident's
 * mobile, then confirm with the code, which signs and answers the new uploaded document.
 */
@RestController
@RequestMapping("/api/v1/locker")
@Tag(name = "Locker", description = "The signed-in resident's issued and uploaded documents")
class EsignApiController {

    private final DocumentSigning signing;

    EsignApiController(DocumentSigning signing) {
        this.signing = signing;
    }

    @PostMapping("/uploaded/{id}/esign")
    @Operation(summary = "Start e-signing an uploaded PDF or image", description = "Optional JSON body {reason, "
            + "location, visible, page}. Sends a code by SMS to the resident's mobile and answers 202 with "
            + "signingId; secondFactor says whether the confirmation needs the account's second factor too.")
    ResponseEntity<Started> start(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            @RequestBody(required = false) StartBody body, HttpServletRequest request) {
        SigningRequest asked = body == null ? SigningRequest.PLAIN
                : new SigningRequest(body.reason(), body.location(), Boolean.TRUE.equals(body.visible()), body.page());
        DocumentSigning.PendingSigning pending = signing.start(resident.accountId(), UploadedPagesController.id(id),
                asked, request.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new Started(pending.id(), pending.expiresAt(), pending.secondFactor()));
    }

    @PostMapping("/esign/{signingId}")
    @Operation(summary = "Confirm an e-signing and sign", description = "JSON {otp} with the code sent by SMS; when "
            + "the account has a second factor, also code (from the authenticator app) or recoveryCode. Answers 201 "
            + "with the new uploaded document: name (signed).pdf for a PDF, name.p7s (a detached signature) for an "
            + "image.")
    ResponseEntity<LockerApiController.UploadedItem> confirm(@AuthenticationPrincipal ResidentPrincipal resident,
            @PathVariable String signingId, @RequestBody(required = false) ConfirmBody body,
            HttpServletRequest request) {
        SigningId id = SigningId.parse(signingId).orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no such e-signing."));
        if (body == null || body.otp() == null || body.otp().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Send the code sent by SMS in otp.");
        }
        UploadedDocument signed = signing.confirm(resident.accountId(), id, body.otp(), body.code(),
                body.recoveryCode(), request.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/v1/locker/uploaded/" + signed.id()))
                .body(LockerApiController.UploadedItem.of(signed));
    }

    /** What a start may ask for; every field is optional. */
    record StartBody(String reason, String location, Boolean visible, Integer page) {
    }

    record ConfirmBody(String otp, String code, String recoveryCode) {
    }

    record Started(SigningId signingId, Instant expiresAt, boolean secondFactor) {
    }
}
