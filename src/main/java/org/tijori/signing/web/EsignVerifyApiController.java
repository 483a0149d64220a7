package org.tijori.signing.web;

import java.io.IOException;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.signing.SignatureValidation;
import org.tijori.signing.UncheckableFileException;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Anyone checks a signed file (API.md section 8): a PDF's signatures, or any file with its detached {@code .p7s}.
 * Limited and bounded before the body is read ({@link EsignVerifyLimits}); nothing uploaded is kept.
 */
@RestController
@Tag(name = "E-sign")
class EsignVerifyApiController {

    private final SignatureValidation validation;

    private final MessageSource messages;

    EsignVerifyApiController(SignatureValidation validation, MessageSource messages) {
        this.validation = validation;
        this.messages = messages;
    }

    @PostMapping(path = EsignVerifyLimits.API, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Check the signatures of a signed PDF, or of a file and its detached .p7s",
            description = "Anonymous, multipart: field file (a PDF, or any file) and, for a file that is not a PDF, "
                    + "field signature (its detached CMS signature, DER or PEM). Content-Length required (411), at "
                    + "most tijori.esign.verify.max-upload (413); tijori.esign.verify.requests-per-address a minute "
                    + "(429). Answers {signed, kind, signatures: [{signer, signerSerialNumber, signerPseudonym, "
                    + "signedAt, timestamp: {at, valid, trusted}, intact, changedAfter, afterSigning, chainsToTijori, "
                    + "chain, indication, subIndication, explanationCode, explanation}]}; nothing is fetched from "
                    + "the addresses a file names. 400 malformed, 415 not a PDF without a signature, 422 encrypted "
                    + "or too slow to check, 503 busy.")
    ResponseEntity<?> verify(
            @Parameter(description = "The signed PDF, or the file the signature is over")
            @RequestParam(name = "file", required = false) MultipartFile file,
            @Parameter(description = "The detached CMS signature (.p7s) of a file that is not a PDF")
            @RequestParam(name = "signature", required = false) MultipartFile signature,
            Locale locale, HttpServletRequest request, HttpServletResponse response) throws IOException {
        EsignVerifyAnswers.headers(response);
        try {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(EsignVerifyAnswers.json(
                    EsignVerifyAnswers.check(validation, file, signature), messages, locale));
        }
        catch (UncheckableFileException e) {
            ResponseEntity.BodyBuilder answer = ResponseEntity.status(EsignVerifyAnswers.status(e.problem()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
            if (e.problem() == UncheckableFileException.Problem.BUSY) {
                answer.header(HttpHeaders.RETRY_AFTER, EsignVerifyAnswers.BUSY_RETRY_AFTER);
            }
            return answer.body(EsignVerifyAnswers.problem(EsignVerifyAnswers.status(e.problem()),
                    EsignVerifyAnswers.type(e.problem()), e.getMessage(), request));
        }
    }
}
