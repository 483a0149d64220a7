package org.tijori.gateway.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.partner.AccessLog;
import org.tijori.gateway.partner.PartnerProfiles;
import org.tijori.gateway.token.PartnerAccess;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * DigiLocker's Account Detail API (ADR 23, operation 16): who the resident behind the token is. Both spellings the
 * reference file and live clients use are sent ({@code digilockerid} and {@code digilocker_id}, {@code eaadhaar} and
 * {@code eaadhar}); {@code dob} is a DDMMYYYY string (a date starting with 0 is no JSON integer).
 */
@PartnerApi
@RestController
@Tag(name = "Partner API")
class PartnerUserApiController {

    static final String OPERATION = "user";

    private final PartnerProfiles profiles;

    private final AccessLog accesses;

    PartnerUserApiController(PartnerProfiles profiles, AccessLog accesses) {
        this.profiles = profiles;
        this.accesses = accesses;
    }

    @GetMapping(path = { "/public/oauth2/1/user", "/public/oauth2/2/user" }, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The resident's locker ID, name, date of birth and gender (DigiLocker's Get User Details)")
    ResponseEntity<Map<String, Object>> user(@AuthenticationPrincipal PartnerAccess access) {
        PartnerProfiles.Profile profile = profiles.profileOf(access.account(), access.clientId())
                .orElseThrow(() -> {
                    accesses.failed(access, OPERATION, 404, DigiLockerErrors.NOT_FOUND);
                    return new GatewayProblemException(GatewayProblemException.Kind.NOT_FOUND,
                            DigiLockerErrors.NOT_FOUND, "The locker this token was issued for is closed.");
                });
        accesses.counted(access, OPERATION);
        String eaadhaar = profile.nationalIdCard() ? "Y" : "N";
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("digilockerid", profile.lockerId());
        answer.put("digilocker_id", profile.lockerId());
        answer.put("name", profile.name());
        answer.put("dob", profile.dob());
        answer.put("gender", profile.gender());
        answer.put("eaadhaar", eaadhaar);
        answer.put("eaadhar", eaadhaar);
        answer.put("reference_key", profile.referenceKey());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
    }
}
