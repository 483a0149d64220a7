package org.tijori.verify.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.verify.proof.ProofKeys;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys of Tijori's proofs, for anyone who checks a printed QR code offline: every key ever made,
 * newest first, so that a paper signed years ago still verifies. Anonymous, cacheable, and without a session.
 */
@RestController
@Tag(name = "Verification")
class JwksApiController {

    static final String PATH = "/.well-known/jwks.json";

    private final ProofKeys keys;

    JwksApiController(ProofKeys keys) {
        this.keys = keys;
    }

    @GetMapping(PATH)
    @Operation(summary = "The public keys of Tijori's verification proofs (JWKS)",
            description = "EC P-256 keys for ES256, newest first; keys that signed earlier proofs stay listed.")
    ResponseEntity<String> jwks() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300").body(keys.jwks());
    }
}
