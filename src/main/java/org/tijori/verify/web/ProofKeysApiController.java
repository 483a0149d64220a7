package org.tijori.verify.web;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.verify.proof.ProofKey;
import org.tijori.verify.proof.ProofKeyRotation;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administrators rotate the proof keys before their time (a key is due every {@code key-lifetime} anyway). */
@RestController
@RequestMapping("/api/v1/admin/verify")
@Tag(name = "Administration")
class ProofKeysApiController {

    private final ProofKeyRotation rotation;

    ProofKeysApiController(ProofKeyRotation rotation) {
        this.rotation = rotation;
    }

    @PostMapping("/key-rotations")
    @Operation(summary = "Make a new proof key",
            description = "Listed in the JWKS at once, signing after tijori.verify.key-activation-delay; "
                    + "older keys stay listed for good.")
    ResponseEntity<RotatedKey> rotate() {
        ProofKey newest = rotation.rotate();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new RotatedKey(newest.kid(), newest.generation(), newest.createdAt(), newest.signsFrom()));
    }

    /** The key the rotation made (or that another rotation made at the same moment). */
    record RotatedKey(String kid, int generation, Instant createdAt, Instant signsFrom) {
    }
}
