package org.tijori.issuer.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.IssuerCredentials;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerPortal;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.IssuerRegistrations;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A signed-in issuer's portal: its doc types, recent publications and refused pushes, and the rotation
 * of its secret, key and signing certificate. The issuer comes from the session only, never from the
 * request, so an issuer sees nothing but its own.
 */
@Controller
@RequestMapping("/issuer")
class IssuerPortalController {

    private final IssuerPortal portal;

    private final IssuerRegistrations registrations;

    private final IssuerSessions sessions;

    IssuerPortalController(IssuerPortal portal, IssuerRegistrations registrations, IssuerSessions sessions) {
        this.portal = portal;
        this.registrations = registrations;
        this.sessions = sessions;
    }

    @GetMapping
    String overview(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Optional<IssuerId> issuer = sessions.current(authentication, request, response);
        if (issuer.isEmpty()) {
            return "redirect:/issuer/login?ended";
        }
        return page(issuer.get(), model);
    }

    /** New secret, key and client ID, shown in this answer only; this session goes on with them. */
    @PostMapping("/credentials")
    String rotate(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Optional<IssuerId> issuer = sessions.current(authentication, request, response);
        if (issuer.isEmpty()) {
            return "redirect:/issuer/login?ended";
        }
        try {
            IssuerCredentials credentials = registrations.rotateCredentials(issuer.get());
            sessions.rotated(issuer.get(), credentials.clientId(), request, response);
            model.addAttribute("credentials", credentials);
        }
        catch (IssuerProblemException e) {
            response.setStatus(IssuerProblems.status(e).value());
            model.addAttribute("credentialsError", e.getMessage());
        }
        return page(issuer.get(), model);
    }

    @PostMapping("/certificate")
    String replaceCertificate(Authentication authentication, @RequestParam(required = false) String signingCertificatePem,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<IssuerId> issuer = sessions.current(authentication, request, response);
        if (issuer.isEmpty()) {
            return "redirect:/issuer/login?ended";
        }
        try {
            registrations.replaceCertificate(issuer.get(), signingCertificatePem);
            return "redirect:/issuer?certificateReplaced";
        }
        catch (IssuerProblemException e) {
            response.setStatus(IssuerProblems.status(e).value());
            model.addAttribute("certificateError", e.getMessage());
            return page(issuer.get(), model);
        }
    }

    private String page(IssuerId issuer, Model model) {
        model.addAttribute("issuer", portal.overview(issuer).orElseThrow());
        return "issuer/portal";
    }
}
