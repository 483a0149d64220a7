package org.tijori.storage.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.storage.KeyRotation;
import org.tijori.storage.KeyRotationStatus;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Administrators' controls of the document vault.
 */
@RestController
@RequestMapping("/api/v1/admin/storage")
@Tag(name = "Administration")
class StorageApiController {

    private final KeyRotation rotation;

    StorageApiController(KeyRotation rotation) {
        this.rotation = rotation;
    }

    @PostMapping("/key-rotations")
    @Operation(summary = "Re-wrap every data key under the current primary master key",
            description = "Starts in the background and answers at once with its progress; if a rotation is "
                    + "already running, answers with that one. Content is not re-encrypted.")
    ResponseEntity<KeyRotationStatus> start() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rotation.start());
    }

    @GetMapping("/key-rotations/latest")
    @Operation(summary = "Progress of the most recent key rotation")
    KeyRotationStatus latest() {
        return rotation.latest().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No key rotation has run yet."));
    }
}
