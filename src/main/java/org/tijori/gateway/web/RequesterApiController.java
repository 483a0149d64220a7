package org.tijori.gateway.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.RequesterRegistrations;
import org.tijori.gateway.requester.RegistrationReceipt;
import org.tijori.gateway.requester.RequesterRegistration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Requesters register here (API.md section 5); an administrator then decides. */
@RestController
@Tag(name = "Requesters")
class RequesterApiController {

    private final RequesterRegistrations registrations;

    RequesterApiController(RequesterRegistrations registrations) {
        this.registrations = registrations;
    }

    @PostMapping("/api/v1/requesters/registrations")
    @Operation(summary = "Register a requester (a bank, an employer, a university)",
            description = "No sign-in; limited per client address. {\"name\",\"organisation\",\"contactEmail\","
                    + "\"redirectUris\":[...],\"purpose\"}. Redirect URIs: 1 to 10, absolute, matched exactly; https, "
                    + "http on localhost, 127.0.0.1 or [::1], or an app's own scheme (a reversed domain name). The "
                    + "registration waits for an administrator's approval.")
    ResponseEntity<ReceiptAnswer> register(@RequestBody RequesterRegistration registration) {
        RegistrationReceipt receipt = registrations.register(registration, null);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReceiptAnswer(receipt.registrationId().toString(),
                receipt.status().name()));
    }

    @ExceptionHandler(GatewayProblemException.class)
    ResponseEntity<ProblemDetail> problem(GatewayProblemException e, HttpServletRequest request) {
        return RequesterProblems.answer(e, request);
    }

    record ReceiptAnswer(String registrationId, String status) {
    }
}
