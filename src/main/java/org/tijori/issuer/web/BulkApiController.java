package org.tijori.issuer.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.bulk.BulkId;
import org.tijori.issuer.bulk.BulkPublications;
import org.tijori.issuer.bulk.BulkRefusedException;
import org.tijori.issuer.intake.SignedIssuerRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk publishing over the API: upload a ZIP of PushUriRequest files, follow its progress, download
 * its per-file report. Every request is signed by its headers (API.md 4.5): the client ID, method, path,
 * ts, a nonce used once and the body's SHA-256 under an HMAC keyed by the client secret. No credential
 * is taken from the query string, where logs and proxies keep it.
 */
@RestController
@Tag(name = "Issuer push")
class BulkApiController {

    private static final String SIGNING = "Headers: x-tijori-clientid; x-tijori-ts (Unix seconds, within 30 "
            + "minutes); x-tijori-nonce (16 to 64 letters and digits, new for every request); x-tijori-content-sha256 "
            + "(hex SHA-256 of the body; of the empty body for GET: "
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855); x-tijori-hmac = hex(HMAC-SHA256(key = client secret, message = client ID, method, path (such as "
            + "/public/issuer/issuedoc/1/bulk/{bulkId}/report), ts, nonce and content SHA-256 joined by \"\\n\")). "
            + "A query string holding hmac is refused (400).";

    private final BulkPublications bulk;

    BulkApiController(BulkPublications bulk) {
        this.bulk = bulk;
    }

    @PostMapping(path = "/public/issuer/issuedoc/1/bulk", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Upload a ZIP of up to 10,000 PushUriRequest files",
            description = "Body: the ZIP (application/zip). " + SIGNING + " The headers are checked before the ZIP "
                    + "is read, and the ZIP must then hash to x-tijori-content-sha256 or nothing of it is kept. Files "
                    + "need no HMAC, ts or txn of their own. Answers 202 with the upload's ID; processing runs in "
                    + "the background.")
    ResponseEntity<BulkPublications.BulkReceipt> upload(HttpServletRequest request) throws IOException {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(bulk.upload(signed(request),
                request.getContentLengthLong(), request.getInputStream(), request.getRemoteAddr()));
    }

    @GetMapping(path = "/public/issuer/issuedoc/1/bulk/{bulkId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The progress of a bulk upload", description = SIGNING)
    ResponseEntity<?> status(@PathVariable String bulkId, HttpServletRequest request) {
        IssuerId issuer = bulk.proveReader(signed(request), request.getRemoteAddr());
        return BulkId.parse(bulkId).flatMap(id -> bulk.status(issuer, id)).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> DigiLockerErrors.of(HttpStatus.NOT_FOUND, "bulk_not_found",
                        "There is no such upload of yours."));
    }

    @GetMapping(path = "/public/issuer/issuedoc/1/bulk/{bulkId}/report")
    @Operation(summary = "The per-file report of a bulk upload, as CSV", description = SIGNING)
    void report(@PathVariable String bulkId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        IssuerId issuer = bulk.proveReader(signed(request), request.getRemoteAddr());
        var id = BulkId.parse(bulkId);
        if (id.isEmpty() || bulk.status(issuer, id.get()).isEmpty()) {
            response.setStatus(404);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write(
                    "{\"error\":\"bulk_not_found\",\"error_description\":\"There is no such upload of yours.\"}");
            return;
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"bulk-" + id.get() + "-report.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        bulk.writeReport(issuer, id.get(), out);
        out.flush();
    }

    /** The request's signature as its headers carry it; refused outright when the query carries a credential. */
    private static SignedIssuerRequest signed(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if ("hmac".equalsIgnoreCase(name.strip())) {
                    throw new BulkRefusedException(BulkRefusedException.Kind.INVALID, "credentials_in_query",
                            "Credentials never go in a query string, where logs and proxies keep them: sign the "
                                    + "request with the x-tijori-clientid, x-tijori-ts, x-tijori-nonce, "
                                    + "x-tijori-content-sha256 and x-tijori-hmac headers instead.");
                }
            }
        }
        return new SignedIssuerRequest(request.getHeader("x-tijori-clientid"), request.getMethod(),
                request.getRequestURI(), request.getHeader("x-tijori-ts"), request.getHeader("x-tijori-nonce"),
                request.getHeader("x-tijori-content-sha256"), request.getHeader("x-tijori-hmac"));
    }

    @ExceptionHandler(BulkRefusedException.class)
    ResponseEntity<Map<String, Object>> refused(BulkRefusedException e) {
        HttpStatus status = switch (e.kind()) {
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
        };
        return DigiLockerErrors.of(status, e.code(), e.getMessage());
    }
}
