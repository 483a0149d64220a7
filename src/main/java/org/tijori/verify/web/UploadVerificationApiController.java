package org.tijori.verify.web;

import java.io.IOException;
import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.verify.admission.VerificationAdmission;
import org.tijori.verify.upload.FileVerification;
import org.tijori.verify.upload.UploadedDocumentCheck;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Verifying a file rather than a link, as JSON (API.md section 6): a Certificate XML or a PDF Tijori drew, for
 * anyone. The body was bounded before it was read ({@link VerificationLimits}); a file that does not verify counts
 * against the address as a refused link does.
 */
@RestController
@Tag(name = "Verification")
class UploadVerificationApiController {

    private final UploadedDocumentCheck uploads;

    private final VerificationAdmission admission;

    private final JsonMapper json;

    UploadVerificationApiController(UploadedDocumentCheck uploads, VerificationAdmission admission, JsonMapper json) {
        this.uploads = uploads;
        this.admission = admission;
        this.json = json;
    }

    @PostMapping("/api/v1/verify")
    @Operation(summary = "Verify an uploaded Certificate XML or a PDF Tijori made",
            description = "Anonymous, multipart field file, with Content-Length (411 without) of at most "
                    + "tijori.verify.max-upload (413). The type comes from the file's first bytes (415 for anything "
                    + "but PDF or XML). XML: the issuer's signature checked against its registered certificate, "
                    + "\"held\" when the repository holds these very bytes (then the live status too), "
                    + "\"proofValid\": null. PDF: the proof it carries, as GET /api/v1/verify/{uri}?p= checks it "
                    + "(the same 404 when refused); 422 rendered-before-proofs for a PDF made before proofs, 422 "
                    + "not-a-tijori-document for any other. Failed uploads count towards 429 as refused links do.")
    ResponseEntity<?> verify(
            @Parameter(description = "The Certificate XML or the PDF")
            @RequestParam(name = "file", required = false) MultipartFile file, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        VerificationAnswers.headers(response);
        FileVerification outcome = uploads.check(UploadAnswers.bytes(file), request.getRemoteAddr());
        Duration wait = UploadAnswers.counted(outcome, admission, request);
        if (!wait.isZero()) {
            VerificationLimits.tooMany(request, response, wait, json, null);
            return null;
        }
        if (outcome instanceof FileVerification.Reported reported) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(reported.report());
        }
        if (outcome instanceof FileVerification.Unverifiable unverifiable) {
            return ResponseEntity.status(UploadAnswers.status(unverifiable.problem()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(UploadAnswers.problem(unverifiable, request));
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(VerificationAnswers.refused(request));
    }
}
