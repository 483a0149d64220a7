package org.tijori.demo.web;

import java.io.IOException;
import java.io.InputStream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.demo.DemoIssuer;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo issuer's Pull URI endpoint, which Tijori calls when a resident searches the demo issuer's
 * documents (API.md 4.4). Part of the demo issuer, not of Tijori: it lives at the issuer's own address.
 */
@RestController
@Profile("demo")
@Tag(name = "Demo issuer")
class DemoPullApiController {

    /** A Pull URI request is a few hundred bytes; anything much larger is not one. */
    private static final int MAX_BYTES = 64 * 1024;

    private final DemoIssuer issuer;

    DemoPullApiController(DemoIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping(path = "/demo-issuer/pull", produces = MediaType.APPLICATION_XML_VALUE)
    @Operation(summary = "The demo issuer answers a PullURIRequest",
            description = "Header x-digilocker-hmac: Base64(HMAC-SHA256(body, apiKey)). Answers a PullURIResponse: "
                    + "Status 1 with the signed Certificate XML, 0 not found, 9 pending (roll numbers starting PENDING).")
    ResponseEntity<String> pull(HttpServletRequest request,
            @RequestHeader(name = "x-digilocker-hmac", required = false) String hmac) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
        }
        DemoIssuer.PullAnswer answer = body.length > MAX_BYTES
                ? new DemoIssuer.PullAnswer(413, "<PullURIResponse><ResponseStatus Status=\"0\"/></PullURIResponse>")
                : issuer.answerPull(body, hmac);
        return ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_XML).body(answer.xml());
    }
}
