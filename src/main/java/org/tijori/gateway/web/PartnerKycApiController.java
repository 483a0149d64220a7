package org.tijori.gateway.web;

import org.tijori.gateway.partner.PartnerKyc;
import org.tijori.gateway.token.PartnerAccess;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * DigiLocker's e-Aadhaar XML (ADR 23, #19), and the alias live clients call: the resident's national-ID card as a
 * signed {@code KycRes}, for a bearer token with the {@code eaadhaar} scope (checked by the partner chain).
 */
@PartnerApi
@RestController
class PartnerKycApiController {

    private final PartnerKyc kyc;

    PartnerKycApiController(PartnerKyc kyc) {
        this.kyc = kyc;
    }

    @GetMapping(path = { "/public/oauth2/2/xml/eaadhaar", "/public/oauth2/3/xml/eaadhaar" })
    ResponseEntity<byte[]> eaadhaar(@AuthenticationPrincipal PartnerAccess access) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(kyc.kycXml(access));
    }
}
