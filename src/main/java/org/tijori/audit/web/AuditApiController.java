package org.tijori.audit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.audit.AuditTrail;
import org.tijori.audit.AuditVerification;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators' view of the activity trail.
 */
@RestController
@RequestMapping("/api/v1/admin/audit")
@Tag(name = "Administration")
class AuditApiController {

    private final AuditTrail trail;

    AuditApiController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/verify")
    @Operation(summary = "Verify the activity trail",
            description = "Recomputes the hash chain and reports the first entry that was altered, removed or reordered.")
    AuditVerification verify() {
        return trail.verify();
    }
}
