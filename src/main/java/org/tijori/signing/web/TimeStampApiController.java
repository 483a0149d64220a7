package org.tijori.signing.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.account.AddressLimit;
import org.tijori.account.RateLimits;
import org.tijori.signing.EsignAuthority;
import org.tijori.signing.EsignProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tijori's own RFC 3161 time-stamp authority over HTTP, for anyone (as public TSAs are): a request of at most
 * {@value #MAX_REQUEST} bytes, counted per client address before its body is read.
 */
@RestController
@Tag(name = "E-sign")
class TimeStampApiController {

    static final String PATH = "/esign/tsa";

    /** A SHA-512 request with a nonce, a policy and extensions stays far below this. */
    static final int MAX_REQUEST = 1024;

    static final MediaType QUERY = MediaType.parseMediaType("application/timestamp-query");

    static final MediaType REPLY = MediaType.parseMediaType("application/timestamp-reply");

    private final EsignAuthority authority;

    TimeStampApiController(EsignAuthority authority) {
        this.authority = authority;
    }

    @Bean
    static AddressLimit timeStampRequestsPerAddress(EsignProperties properties) {
        return new AddressLimit(new RateLimits.RateLimit("esign-tsa-address", properties.tsaRequestsPerAddress(),
                Duration.ofMinutes(1)), Set.of(PATH),
                "Too many time-stamp requests from your network. Try again in a minute.");
    }

    @PostMapping(path = PATH, consumes = "application/timestamp-query")
    @Operation(summary = "Time-stamps a digest (RFC 3161)",
            description = "The body is a DER TimeStampReq; the answer a DER TimeStampResp from Tijori's own "
                    + "time-stamp authority, whose certificate the e-sign CA issued.")
    ResponseEntity<byte[]> stamp(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_REQUEST) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).build();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_REQUEST + 1);
        }
        if (body.length > MAX_REQUEST) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).build();
        }
        try {
            return ResponseEntity.ok().contentType(REPLY).body(authority.respondToTimeStampRequest(body));
        }
        catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().build();
        }
    }
}
