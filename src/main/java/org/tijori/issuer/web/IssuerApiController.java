package org.tijori.issuer.web;

import org.tijori.issuer.registration.PullHmacEncoding;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.registration.IssuerCredentials;
import org.tijori.issuer.registration.IssuerRegistration;
import org.tijori.issuer.registration.IssuerRegistrations;
import org.tijori.issuer.registration.RegistrationReceipt;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issuers register here, and administrators decide on them (API.md 4.1).
 */
@RestController
@Tag(name = "Issuers")
class IssuerApiController {

    private final IssuerRegistrations registrations;

    IssuerApiController(IssuerRegistrations registrations) {
        this.registrations = registrations;
    }

    @PostMapping("/api/v1/issuers/registrations")
    @Operation(summary = "Register an issuer", description = "No sign-in; limited per client address. The "
            + "registration waits for an administrator's approval. Optional apiKey: the key the issuer's Pull URI "
            + "endpoint checks (32 to 256 printable ASCII characters, at least 12 different); optional "
            + "pullHmacEncoding: base64 (default) or base64-of-hex. category: central, state, education, transport, "
            + "banking, health or other; optional state: the ISO 3166-2:IN code of the state or union territory the "
            + "issuer serves, in lower case (mh, dl...); optional nameHi on the issuer and on each doc type: its "
            + "name in Hindi, shown to residents on Hindi pages.")
    ResponseEntity<RegistrationReceipt> register(@RequestBody IssuerRegistration registration) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(registrations.register(registration));
    }

    @PostMapping("/api/v1/admin/issuers/{issuerId}/approve")
    @Operation(summary = "Approve an issuer (or reinstate a suspended one)",
            description = "Answers the client ID, client secret and API key: the secret and the key are shown "
                    + "only here, never again. An issuer that chose its API key at registration keeps it, and the "
                    + "answer's apiKey is null.")
    IssuerCredentials approve(@PathVariable String issuerId) {
        return registrations.approve(issuer(issuerId));
    }

    @PostMapping("/api/v1/admin/issuers/{issuerId}/reject")
    @Operation(summary = "Reject a pending registration")
    StatusAnswer reject(@PathVariable String issuerId) {
        registrations.reject(issuer(issuerId));
        return new StatusAnswer(issuerId, "REJECTED");
    }

    @PostMapping("/api/v1/admin/issuers/{issuerId}/suspend")
    @Operation(summary = "Suspend an approved issuer: it can no longer publish")
    StatusAnswer suspend(@PathVariable String issuerId) {
        registrations.suspend(issuer(issuerId));
        return new StatusAnswer(issuerId, "SUSPENDED");
    }

    @PostMapping("/api/v1/admin/issuers/{issuerId}/credentials")
    @Operation(summary = "Rotate an issuer's client secret and API key",
            description = "The old ones stop working at once; the new ones are shown only here.")
    IssuerCredentials rotate(@PathVariable String issuerId) {
        return registrations.rotateCredentials(issuer(issuerId));
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/v1/admin/issuers/{issuerId}/legacy-signatures")
    @Operation(summary = "Allow or refuse an issuer's RSA-SHA1 signatures (legacy signing systems)",
            description = "Off by default. Documents accepted with RSA-SHA1 are marked and shown with a warning.")
    LegacySignaturesAnswer legacySignatures(@PathVariable String issuerId, @RequestBody LegacySignaturesForm form) {
        if (form == null || form.rsaSha1Allowed() == null) {
            throw new IssuerProblemException(IssuerProblemException.Kind.INVALID,
                    "rsaSha1Allowed is required: true or false.");
        }
        registrations.allowLegacySignatures(issuer(issuerId), form.rsaSha1Allowed());
        return new LegacySignaturesAnswer(issuerId, form.rsaSha1Allowed());
    }

    @PostMapping("/api/v1/admin/issuers/{issuerId}/certificates")
    @Operation(summary = "Replace an issuer's signing certificate",
            description = "New documents must be signed with it; what the old one signed stays verifiable.")
    CertificateAnswer replaceCertificate(@PathVariable String issuerId, @RequestBody CertificateForm form) {
        return new CertificateAnswer(issuerId, registrations.replaceCertificate(issuer(issuerId),
                form == null ? null : form.signingCertificatePem()));
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/v1/admin/issuers/{issuerId}/pull-hmac-encoding")
    @Operation(summary = "Change how the x-digilocker-hmac of Pull URI requests to an issuer is written",
            description = "{\"pullHmacEncoding\": \"base64\"} (Base64 of the HMAC-SHA256, DigiLocker's "
                    + "specification and the default) or \"base64-of-hex\" (Base64 of its hex digits).")
    HmacEncodingAnswer changePullHmacEncoding(@PathVariable String issuerId, @RequestBody HmacEncodingForm form) {
        org.tijori.issuer.registration.PullHmacEncoding encoding = org.tijori.issuer.registration.PullHmacEncoding
                .ofCode(form == null ? null : form.pullHmacEncoding())
                .orElseThrow(() -> new IssuerProblemException(IssuerProblemException.Kind.INVALID,
                        "pullHmacEncoding: base64 or base64-of-hex."));
        registrations.changePullHmacEncoding(issuer(issuerId), encoding);
        return new HmacEncodingAnswer(issuerId, encoding.code());
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/v1/admin/issuers/{issuerId}/listing")
    @Operation(summary = "Change how the residents' directory lists an issuer",
            description = "{\"category\": \"education\", \"state\": \"mh\", \"nameHi\": \"...\"}: category is "
                    + "required (central, state, education, transport, banking, health or other); state is the "
                    + "ISO 3166-2:IN code of the state or union territory it serves in lower case, or absent for the "
                    + "whole country; nameHi is its Hindi name, or absent for none.")
    ListingForm changeListing(@PathVariable String issuerId, @RequestBody ListingForm form) {
        if (form == null) {
            throw new IssuerProblemException(IssuerProblemException.Kind.INVALID, "Send category, state and nameHi.");
        }
        registrations.changeListing(issuer(issuerId), form.category(), form.state(), form.nameHi());
        return form;
    }

    @org.springframework.web.bind.annotation.PutMapping(path = "/api/v1/admin/issuers/{issuerId}/doc-types/{code}/xslt",
            consumes = { "application/xml", "application/xslt+xml", "text/xml", "text/plain" })
    @Operation(summary = "Set how a doc type's documents print: an XSLT to Tijori's rendering vocabulary",
            description = "The stylesheet turns the Certificate XML into <Rendering><Section heading><Field "
                    + "label>value</Field></Section></Rendering>. It runs with secure processing and no external "
                    + "access. DELETE removes it.")
    ResponseEntity<Void> setStylesheet(@PathVariable String issuerId, @PathVariable String code,
            @RequestBody String xslt) {
        registrations.changeStylesheet(issuer(issuerId), docType(code), xslt);
        return ResponseEntity.noContent().build();
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/admin/issuers/{issuerId}/doc-types/{code}/xslt")
    @Operation(summary = "Print a doc type's documents the standard way again")
    ResponseEntity<Void> removeStylesheet(@PathVariable String issuerId, @PathVariable String code) {
        registrations.changeStylesheet(issuer(issuerId), docType(code), null);
        return ResponseEntity.noContent().build();
    }

    private static org.tijori.issuer.DocTypeCode docType(String value) {
        try {
            return new org.tijori.issuer.DocTypeCode(value);
        }
        catch (IllegalArgumentException e) {
            throw new IssuerProblemException(IssuerProblemException.Kind.NOT_FOUND, "There is no doc type " + value + ".");
        }
    }

    @ExceptionHandler(IssuerProblemException.class)
    ResponseEntity<ProblemDetail> problem(IssuerProblemException e, HttpServletRequest request) {
        return IssuerProblems.answer(e, request);
    }

    private static IssuerId issuer(String value) {
        try {
            return new IssuerId(value);
        }
        catch (IllegalArgumentException e) {
            throw new IssuerProblemException(IssuerProblemException.Kind.NOT_FOUND, "There is no issuer " + value + ".");
        }
    }

    record StatusAnswer(String issuerId, String status) {
    }

    record CertificateForm(String signingCertificatePem) {
    }

    record LegacySignaturesForm(Boolean rsaSha1Allowed) {
    }

    record LegacySignaturesAnswer(String issuerId, boolean rsaSha1Allowed) {
    }

    record CertificateAnswer(String issuerId, String fingerprint) {
    }

    record HmacEncodingForm(String pullHmacEncoding) {
    }

    /**
     * How the directory lists an issuer.
     *
     * @param state the two-letter code of the state or union territory it serves, or null for the whole country
     * @param nameHi its Hindi name, or null for none
     */
    record ListingForm(String category, String state, String nameHi) {
    }

    record HmacEncodingAnswer(String issuerId, String pullHmacEncoding) {
    }
}
