package org.tijori.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.tijori.account.ResidentPrincipal;
import org.tijori.gateway.ConsentId;
import org.tijori.gateway.Consents;
import org.tijori.gateway.consent.ConnectedApps;
import org.tijori.gateway.consent.ConnectedApps.ConnectedApp;
import org.tijori.gateway.consent.Consent;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /profile/apps}: the requesters a resident let into the locker, what each reaches and has reached, its
 * signed consent receipt, and "Revoke", which stops the requester's very next call. A consent of another resident
 * answers exactly as one that does not exist.
 */
@Controller
@RequestMapping("/profile/apps")
class ConnectedAppsController {

    private final ConnectedApps apps;

    private final Consents consents;

    ConnectedAppsController(ConnectedApps apps, Consents consents) {
        this.apps = apps;
        this.consents = consents;
    }

    @GetMapping
    String page(@AuthenticationPrincipal ResidentPrincipal resident, Model model) {
        List<ConnectedApp> all = apps.of(resident.accountId());
        model.addAttribute("live", all.stream().filter(ConnectedApp::live).toList());
        model.addAttribute("past", all.stream().filter(app -> !app.live()).toList());
        return "gateway/apps";
    }

    @GetMapping("/{consent}/receipt.jwt")
    ResponseEntity<byte[]> receipt(@AuthenticationPrincipal ResidentPrincipal resident,
            @PathVariable String consent) {
        Consent found = consents.find(consentId(consent)).filter(c -> c.account().equals(resident.accountId()))
                .orElseThrow(ConnectedAppsController::notFound);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/jwt"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("consent-" + found.id().value() + ".jwt").build().toString())
                .body(found.receipt().getBytes(StandardCharsets.US_ASCII));
    }

    @PostMapping("/{consent}/revoke")
    String revoke(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String consent) {
        ConsentId id = consentId(consent);
        Consent found = consents.find(id).filter(c -> c.account().equals(resident.accountId()))
                .orElseThrow(ConnectedAppsController::notFound);
        consents.endFor(resident.accountId(), found.id(), Consent.EndedBy.RESIDENT);
        return "redirect:/profile/apps?revoked";
    }

    private static ConsentId consentId(String value) {
        try {
            return new ConsentId(UUID.fromString(value));
        }
        catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
