package org.tijori.issuer.web;

import java.io.IOException;
import java.io.InputStream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.issuer.intake.IssuedDocumentIntake;
import org.tijori.issuer.intake.PushOutcome;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issuers publish documents into the repository here, as DigiLocker's Aadhaar-keyed XML push
 * (API.md 4.2). The request proves itself (HMAC over the body), so no sign-in is asked.
 */
@RestController
@Tag(name = "Issuer push")
class PushApiController {

    private final IssuedDocumentIntake intake;

    PushApiController(IssuedDocumentIntake intake) {
        this.intake = intake;
    }

    @PostMapping(path = IssuerRequestLimits.PUSH, produces = MediaType.APPLICATION_XML_VALUE)
    @Operation(summary = "Publish a signed Certificate XML, or a document's metadata only (PushUriRequest)",
            description = "Header x-digilocker-hmac: Base64(HMAC-SHA256(body, clientSecret)). DataContent is "
                    + "optional: without it the document is drawn from its metadata, as a URI pushed by locker ID "
                    + "without content. Answers a "
                    + "PushUriResponse: Status 1 with the URI, or Status 0 with an Error code and a 4xx status "
                    + "(503 with Retry-After when too many bodies are being read at once).")
    ResponseEntity<String> push(HttpServletRequest request,
            @RequestHeader(name = "x-digilocker-hmac", required = false) String hmac) throws IOException {
        // Admitted by IssuerRequestLimits before this runs: its address, its declared size and this node's memory
        // for bodies allowed it to be read.
        int max = intake.maxRequestBytes();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = read(in, request.getContentLengthLong(), max);
        }
        catch (IOException e) {
            // The client went away or stopped sending mid-body: nobody is left to read an answer, and a
            // stranger's abandoned bodies are not worth a line each in the log.
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_XML)
                    .body("<PushUriResponse><ResponseStatus Status=\"0\"/><Error code=\"incomplete_request\">"
                            + "The request body ended before it was complete.</Error></PushUriResponse>");
        }
        PushOutcome outcome = intake.push(body.length > max ? null : body, hmac, request.getRemoteAddr());
        HttpStatus status = outcome instanceof PushOutcome.Refused refused
                ? PushRefusalAnswers.status(PushRefusalAnswers.Endpoint.XML_PUSH, refused) : HttpStatus.OK;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_XML)
                .body(PushRefusalAnswers.pushUriResponse(outcome));
    }

    /**
     * The body, in one array of its declared length when it declares one: reading into a growing list of
     * buffers and joining them would hold each body twice over while it is read, and the admission counted it
     * once. A body without a length is read to one byte past the cap at most.
     */
    private static byte[] read(InputStream in, long declared, int max) throws IOException {
        if (declared < 0 || declared > max) {
            return in.readNBytes(max + 1);
        }
        byte[] body = new byte[(int) declared];
        int n = in.readNBytes(body, 0, body.length);
        if (n < body.length) {
            throw new java.io.EOFException("The body ended after " + n + " of its " + declared + " bytes.");
        }
        return body;
    }
}
