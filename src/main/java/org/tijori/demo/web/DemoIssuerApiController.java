package org.tijori.demo.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.demo.DemoIssuer;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators drive the demo issuer: publish its sample documents again, and see where each one is.
 */
@RestController
@Profile("demo")
@Tag(name = "Demo issuer")
class DemoIssuerApiController {

    private final DemoIssuer issuer;

    DemoIssuerApiController(DemoIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping("/api/v1/admin/demo/publish")
    @Operation(summary = "Publish the demo issuer's sample documents again",
            description = "Pushes each sample through the issuer API: added when Tijori does not hold it, otherwise "
                    + "as a new version. Only with the demo profile.")
    DemoIssuer.Publication publish() {
        return issuer.publish();
    }

    @GetMapping("/api/v1/admin/demo/documents")
    @Operation(summary = "The demo issuer's sample documents: latest version, status, and when it was delivered",
            description = "A document without deliveredAt is parked until a resident links its national ID.")
    List<DemoIssuer.SampleState> documents() {
        return issuer.samples();
    }
}
