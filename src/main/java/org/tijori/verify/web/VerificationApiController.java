package org.tijori.verify.web;

import java.io.IOException;
import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.verify.DocumentVerification;
import org.tijori.verify.VerificationOutcome;
import org.tijori.verify.activity.VerificationActivity;
import org.tijori.verify.admission.VerificationAdmission;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live status behind a QR code, as JSON (API.md section 6), for anyone: the document of a genuine proof, or
 * the one 404 of a URI that does not exist, whatever was wrong with the link.
 */
@RestController
@Tag(name = "Verification")
class VerificationApiController {

    private final DocumentVerification verification;

    private final VerificationAdmission admission;

    private final JsonMapper json;

    VerificationApiController(DocumentVerification verification, VerificationAdmission admission, JsonMapper json) {
        this.verification = verification;
        this.admission = admission;
        this.json = json;
    }

    /**
     * A catch-all remainder: a doc ID may hold '/', and the link carries it as it is (an encoded one would be
     * refused by Tomcat and Spring Security), as {@code ProofSigner.link} writes it.
     */
    @GetMapping("/api/v1/verify/{*uri}")
    @Operation(summary = "The live status of a document, by the link in its QR code",
            description = "Anonymous. 404 for anything but a genuine proof of this installation for that URI; "
                    + "429 with Retry-After for an address that sent too many.")
    ResponseEntity<?> verify(@PathVariable String uri,
            @Parameter(description = "Tijori's proof: the compact JWS of the QR code's link")
            @RequestParam(name = "p", required = false) String proof, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        VerificationAnswers.headers(response);
        VerificationOutcome outcome = verification.check(VerificationAnswers.documentUri(uri), proof,
                VerificationActivity.How.ONLINE, request.getRemoteAddr());
        if (outcome instanceof VerificationOutcome.Verified verified) {
            // Written here, with its length, rather than through Spring MVC's message converters: the busiest
            // answer of a verification desk skips content negotiation and goes out in one piece, not chunked.
            byte[] body = json.writeValueAsBytes(verified.report());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return null;
        }
        Duration wait = admission.refused(request.getRemoteAddr());
        if (!wait.isZero()) {
            VerificationLimits.tooMany(request, response, wait, json, null);
            return null;
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(VerificationAnswers.refused(request));
    }
}
