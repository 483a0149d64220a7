package org.tijori.issuer.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** DigiLocker's JSON error, {@code {"error","error_description"}}, for its form-style endpoints. */
final class DigiLockerErrors {

    private DigiLockerErrors() {
    }

    static ResponseEntity<Map<String, Object>> of(HttpStatus status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
