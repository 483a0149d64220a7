package org.tijori.gateway.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.RequesterRegistrations;
import org.tijori.gateway.requester.RequesterCredentials;
import org.tijori.gateway.requester.RequesterKind;
import org.tijori.gateway.requester.RequesterSummary;
import org.tijori.gateway.token.GatewayKeys;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators decide on requesters (API.md section 5), as on issuers: approve (also reinstating a suspended
 * requester), reject, suspend, rotate the secret, edit the redirect URIs; and rotate the gateway's signing key.
 * A client secret is in the answer that issues it, and nowhere else ever again.
 */
@RestController
@Tag(name = "Requesters")
class RequesterAdminApiController {

    private final RequesterRegistrations registrations;

    private final GatewayKeys keys;

    RequesterAdminApiController(RequesterRegistrations registrations, GatewayKeys keys) {
        this.registrations = registrations;
        this.keys = keys;
    }

    @GetMapping("/api/v1/admin/requesters")
    @Operation(summary = "Every requester, pending ones first")
    List<RequesterAnswer> list() {
        return registrations.all().stream().map(RequesterAnswer::of).toList();
    }

    @GetMapping("/api/v1/admin/requesters/{id}")
    @Operation(summary = "One requester")
    RequesterAnswer find(@PathVariable String id) {
        return registrations.find(requester(id)).map(RequesterAnswer::of).orElseThrow(() -> notFound(id));
    }

    @PostMapping("/api/v1/admin/requesters/{id}/approve")
    @Operation(summary = "Approve a requester (or reinstate a suspended one with new credentials)",
            description = "Optional body {\"kind\":\"WEB\"|\"DEVICE\",\"maySignUp\":false}. Answers the client ID and "
                    + "the client secret: the secret is shown only here, never again.")
    CredentialsAnswer approve(@PathVariable String id, @RequestBody(required = false) ApprovalForm form) {
        RequesterKind kind = form == null || form.kind() == null ? RequesterKind.WEB
                : RequesterKind.named(form.kind()).orElseThrow(() -> new GatewayProblemException(Kind.INVALID,
                        "invalid_request", "kind: WEB or DEVICE."));
        boolean maySignUp = form != null && Boolean.TRUE.equals(form.maySignUp());
        return CredentialsAnswer.of(registrations.approve(requester(id), kind, maySignUp));
    }

    @PostMapping("/api/v1/admin/requesters/{id}/reject")
    @Operation(summary = "Reject a pending registration")
    StatusAnswer reject(@PathVariable String id) {
        registrations.reject(requester(id));
        return new StatusAnswer(id, "REJECTED");
    }

    @PostMapping("/api/v1/admin/requesters/{id}/suspend")
    @Operation(summary = "Suspend a requester: its tokens stop at once and residents' consents to it end")
    StatusAnswer suspend(@PathVariable String id) {
        registrations.suspend(requester(id));
        return new StatusAnswer(id, "SUSPENDED");
    }

    @PostMapping("/api/v1/admin/requesters/{id}/credentials")
    @Operation(summary = "Rotate a requester's client secret",
            description = "The client ID stays; the old secret stops working at once; the new one is shown only here.")
    CredentialsAnswer rotate(@PathVariable String id) {
        return CredentialsAnswer.of(registrations.rotateSecret(requester(id), "ADMINISTRATOR"));
    }

    @PutMapping("/api/v1/admin/requesters/{id}/redirect-uris")
    @Operation(summary = "Replace a requester's redirect URIs", description = "{\"redirectUris\":[...]}: 1 to 10, each "
            + "matched exactly.")
    RedirectUrisAnswer redirectUris(@PathVariable String id, @RequestBody RedirectUrisForm form) {
        return new RedirectUrisAnswer(id, registrations.changeRedirectUris(requester(id),
                form == null ? null : form.redirectUris()));
    }

    @PostMapping("/api/v1/admin/gateway/key-rotations")
    @Operation(summary = "Make a new signing key of the gateway (ID tokens, consent receipts)",
            description = "Listed in /public/oauth2/1/jwks at once, for good; it signs after "
                    + "tijori.gateway.key-activation-delay.")
    KeyAnswer rotateKey() {
        return new KeyAnswer(keys.rotate());
    }

    @ExceptionHandler(GatewayProblemException.class)
    ResponseEntity<ProblemDetail> problem(GatewayProblemException e, HttpServletRequest request) {
        return RequesterProblems.answer(e, request);
    }

    /** Only a well-formed ID reaches the database; anything else is a requester that does not exist. */
    static RequesterId requester(String id) {
        try {
            return new RequesterId(UUID.fromString(id));
        }
        catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static GatewayProblemException notFound(String id) {
        return new GatewayProblemException(Kind.NOT_FOUND, "not_found", "There is no requester " + id + ".");
    }

    record ApprovalForm(String kind, Boolean maySignUp) {
    }

    record RedirectUrisForm(List<String> redirectUris) {
    }

    record StatusAnswer(String requesterId, String status) {
    }

    record RedirectUrisAnswer(String requesterId, List<String> redirectUris) {
    }

    record KeyAnswer(String kid) {
    }

    /** The credentials just issued; the secret appears in this answer only. */
    record CredentialsAnswer(String requesterId, String clientId, String clientSecret) {

        static CredentialsAnswer of(RequesterCredentials credentials) {
            return new CredentialsAnswer(credentials.requesterId().toString(), credentials.clientId(),
                    credentials.clientSecret());
        }

        @Override
        public String toString() {
            return "CredentialsAnswer[requesterId=" + requesterId + ", clientId=" + clientId + ", clientSecret=***]";
        }
    }

    record RequesterAnswer(String id, String name, String organisation, String contactEmail, String purpose,
            List<String> redirectUris, String kind, boolean maySignUp, String status, String clientId, boolean hasLogo,
            Instant registeredAt, Instant statusChangedAt) {

        static RequesterAnswer of(RequesterSummary requester) {
            return new RequesterAnswer(requester.id().toString(), requester.name(), requester.organisation(),
                    requester.contactEmail(), requester.purpose(), requester.redirectUris(), requester.kind().name(),
                    requester.maySignUp(), requester.status().name(), requester.clientId(), requester.hasLogo(),
                    requester.registeredAt(), requester.statusChangedAt());
        }
    }
}
