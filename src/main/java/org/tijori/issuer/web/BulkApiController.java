package org.tijori.issuer.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.BulkPublications;
import org.tijori.issuer.BulkRefusedException;
import org.tijori.issuer.IssuedDocumentIntake;
import org.tijori.issuer.IssuerId;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk publishing over the API: upload a ZIP of PushUriRequest files, follow its progress, download
 * its per-file report. The upload proves itself by an HMAC over the ZIP; the reads by DigiLocker's
 * form authentication (clientid, ts, hmac = hex SHA-256 of secret, client ID and ts).
 */
@RestController
@Tag(name = "Issuer push")
class BulkApiController {

    private final BulkPublications bulk;

    private final IssuedDocumentIntake intake;

    BulkApiController(BulkPublications bulk, IssuedDocumentIntake intake) {
        this.bulk = bulk;
        this.intake = intake;
    }

    @PostMapping(path = "/public/issuer/issuedoc/1/bulk", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Upload a ZIP of up to 10,000 PushUriRequest files",
            description = "Body: the ZIP (application/zip). Query: clientid, ts (Unix seconds) and hmac = "
                    + "hex(SHA-256(clientSecret + clientid + ts)), checked before the ZIP is read. Header "
                    + "x-digilocker-hmac: Base64(HMAC-SHA256(ZIP, clientSecret)). Files need no HMAC, ts or txn of "
                    + "their own. Answers 202 with the upload's ID; processing runs in the background.")
    ResponseEntity<BulkPublications.BulkReceipt> upload(@RequestParam(required = false) String clientid,
            @RequestParam(required = false) String ts, @RequestParam(required = false) String hmac,
            @RequestHeader(name = "x-digilocker-hmac", required = false) String bodyHmac, HttpServletRequest request)
            throws IOException {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(bulk.upload(clientid, ts, hmac, bodyHmac,
                request.getInputStream()));
    }

    @GetMapping(path = "/public/issuer/issuedoc/1/bulk/{bulkId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The progress of a bulk upload")
    ResponseEntity<?> status(@PathVariable String bulkId, @RequestParam(required = false) String clientid,
            @RequestParam(required = false) String ts, @RequestParam(required = false) String hmac) {
        IssuerId issuer = intake.proveClient(clientid, ts, hmac).orElse(null);
        if (issuer == null) {
            return DigiLockerErrors.of(HttpStatus.UNAUTHORIZED, "invalid_client_id",
                    "clientid, ts or hmac is missing or invalid.");
        }
        return id(bulkId).flatMap(id -> bulk.status(issuer, id)).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> DigiLockerErrors.of(HttpStatus.NOT_FOUND, "bulk_not_found",
                        "There is no such upload of yours."));
    }

    @GetMapping(path = "/public/issuer/issuedoc/1/bulk/{bulkId}/report")
    @Operation(summary = "The per-file report of a bulk upload, as CSV")
    void report(@PathVariable String bulkId, @RequestParam(required = false) String clientid,
            @RequestParam(required = false) String ts, @RequestParam(required = false) String hmac,
            HttpServletResponse response) throws IOException {
        IssuerId issuer = intake.proveClient(clientid, ts, hmac).orElse(null);
        var id = id(bulkId);
        if (issuer == null || id.isEmpty() || bulk.status(issuer, id.get()).isEmpty()) {
            response.setStatus(issuer == null ? 401 : 404);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write(issuer == null
                    ? "{\"error\":\"invalid_client_id\",\"error_description\":\"clientid, ts or hmac is missing or invalid.\"}"
                    : "{\"error\":\"bulk_not_found\",\"error_description\":\"There is no such upload of yours.\"}");
            return;
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"bulk-" + id.get() + "-report.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        bulk.writeReport(issuer, id.get(), out);
        out.flush();
    }

    @ExceptionHandler(BulkRefusedException.class)
    ResponseEntity<Map<String, Object>> refused(BulkRefusedException e) {
        HttpStatus status = switch (e.kind()) {
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
        };
        return DigiLockerErrors.of(status, e.code(), e.getMessage());
    }

    private static java.util.Optional<UUID> id(String value) {
        try {
            return java.util.Optional.of(UUID.fromString(value));
        }
        catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
