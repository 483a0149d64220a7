package org.tijori.signing.web;

import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.signing.EsignAuthority;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The e-sign CA's certificate and its certificate revocation list, which every certificate Tijori issues for a
 * signing names (CRL distribution point, authority information access): anonymous, cacheable, without a session.
 */
@RestController
@Tag(name = "E-sign")
class EsignAuthorityApiController {

    static final String CA_PATH = "/esign/ca.pem";

    static final String CRL_PATH = "/esign/crl";

    /** RFC 8555's media type for PEM certificates. */
    static final MediaType PEM = MediaType.parseMediaType("application/pem-certificate-chain");

    static final MediaType CRL = MediaType.parseMediaType("application/pkix-crl");

    private final EsignAuthority authority;

    EsignAuthorityApiController(EsignAuthority authority) {
        this.authority = authority;
    }

    @GetMapping(CA_PATH)
    @Operation(summary = "The e-sign CA's certificate (PEM)",
            description = "Trust it in a PDF reader or validator to accept signatures made in Tijori.")
    ResponseEntity<byte[]> certificate() {
        return ResponseEntity.ok().contentType(PEM)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"tijori-esign-ca.pem\"")
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
                .body(authority.certificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    @GetMapping(CRL_PATH)
    @Operation(summary = "The e-sign CA's certificate revocation list (DER)",
            description = "Signed by the CA, renewed well before its nextUpdate.")
    ResponseEntity<byte[]> crl() {
        return ResponseEntity.ok().contentType(CRL)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
                .body(authority.crl());
    }
}
