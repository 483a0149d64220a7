package org.tijori.issuer.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.issuer.intake.IssuedDocumentIntake;
import org.tijori.issuer.intake.LockerCheck;
import org.tijori.issuer.intake.PushOutcome;
import org.tijori.issuer.intake.UriPush;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * DigiLocker's partner endpoints for issuers that know a resident's locker ID (API.md 4.3): push a
 * URI into that locker, and ask whether a mobile number or a national ID has a locker; and Tijori's own
 * status change (API.md 4.5). Form or multipart fields; errors as DigiLocker's
 * {@code {"error","error_description"}}.
 */
@RestController
@Tag(name = "Issuer push")
class LockerPushApiController {

    private final IssuedDocumentIntake intake;

    LockerPushApiController(IssuedDocumentIntake intake) {
        this.intake = intake;
    }

    @PostMapping(path = "/public/account/1/pushuri", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Push a URI into a locker by its DigiLocker ID",
            description = "hmac = SHA-256(clientSecret + clientid + ts), or SHA-256(clientSecret + clientid + "
                    + "digilockerid + uri + doctype + description + docid + issuedate + validfrom + validto + action "
                    + "+ ts) with fields not sent as empty, in hex or Base64; ts in Unix seconds, at most 30 minutes "
                    + "old. Each hash is taken once, here or on /public/account/2/verify. A URI already held is 400 "
                    + "invalid_parameter, \"URI already exists in this account\" (or \"in another account\"). "
                    + "datacontent (signed Certificate XML) and doccontent (PDF) are optional, in Base64.")
    ResponseEntity<Map<String, Object>> pushUri(@RequestParam(required = false) String clientid,
            @RequestParam(required = false) String digilockerid, @RequestParam(required = false) String uri,
            @RequestParam(required = false) String doctype, @RequestParam(required = false) String description,
            @RequestParam(required = false) String docid, @RequestParam(required = false) String issuedate,
            @RequestParam(required = false) String validfrom, @RequestParam(required = false) String validto,
            @RequestParam(required = false) String action, @RequestParam(required = false) String ts,
            @RequestParam(required = false) String hmac, @RequestParam(required = false) String datacontent,
            @RequestParam(required = false) String doccontent, jakarta.servlet.http.HttpServletRequest request) {
        PushOutcome outcome = intake.pushUri(new UriPush(clientid, digilockerid, uri, doctype, description, docid,
                issuedate, validfrom, validto, action, ts, hmac, datacontent, doccontent), request.getRemoteAddr());
        if (outcome instanceof PushOutcome.Refused refused) {
            return PushRefusalAnswers.digiLockerError(PushRefusalAnswers.Endpoint.PUSH_URI, refused);
        }
        PushOutcome.Accepted accepted = (PushOutcome.Accepted) outcome;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("uri", accepted.uri().toString());
        body.put("version", accepted.version());
        return ResponseEntity.ok(body);
    }

    @PostMapping(path = "/public/account/2/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Whether a mobile number or an Aadhaar number has a locker",
            description = "hmac = SHA-256(clientSecret + clientid + ts) in hex or Base64, each taken once, "
                    + "here or on /public/account/1/pushuri. Answers registered \"true\" or \"false\" and the "
                    + "locker's DigiLocker ID.")
    ResponseEntity<Map<String, Object>> verify(@RequestParam(required = false) String clientid,
            @RequestParam(required = false) String uid, @RequestParam(required = false) String mobile,
            @RequestParam(required = false) String ts, @RequestParam(required = false) String hmac,
            jakarta.servlet.http.HttpServletRequest request) {
        LockerCheck check = intake.verifyAccount(clientid, uid, mobile, ts, hmac, request.getRemoteAddr());
        if (check instanceof LockerCheck.Refused refused) {
            return PushRefusalAnswers.digiLockerError(PushRefusalAnswers.Endpoint.VERIFY, refused.refusal());
        }
        LockerCheck.Answered answered = (LockerCheck.Answered) check;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("registered", String.valueOf(answered.locker().isPresent()));
        body.put("digilockerid", answered.locker().map(Object::toString).orElse(""));
        return ResponseEntity.ok(body);
    }

    @PostMapping(path = "/public/issuer/1/status", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Revoke, suspend or reinstate one of your documents",
            description = "Tijori's own (API.md 4.5). status is active, revoked or suspended; reason (optional, one "
                    + "line) is shown to the holder; ts in Unix seconds, at most 30 minutes old; nonce 16 to 64 "
                    + "letters and digits, new for every request; hmac = hex(HMAC-SHA256(key = client secret, "
                    + "message = clientid, uri, status, reason (empty when there is none), ts and nonce joined by "
                    + "\"\\n\")), each value exactly as sent. A replayed nonce, a stale ts or a MAC over other "
                    + "values is refused and nothing changes.")
    ResponseEntity<Map<String, Object>> changeStatus(@RequestParam(required = false) String clientid,
            @RequestParam(required = false) String uri, @RequestParam(required = false) String status,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String ts,
            @RequestParam(required = false) String nonce, @RequestParam(required = false) String hmac,
            jakarta.servlet.http.HttpServletRequest request) {
        PushOutcome outcome = intake.changeStatus(clientid, uri, status, reason, ts, nonce, hmac,
                request.getRemoteAddr());
        if (outcome instanceof PushOutcome.Refused refused) {
            return PushRefusalAnswers.digiLockerError(PushRefusalAnswers.Endpoint.STATUS, refused);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uri", ((PushOutcome.Accepted) outcome).uri().toString());
        body.put("status", status.strip().toLowerCase(java.util.Locale.ROOT));
        return ResponseEntity.ok(body);
    }
}
