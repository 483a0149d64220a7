package org.tijori.gateway.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.RequesterRegistrations;
import org.tijori.gateway.requester.RequesterCredentials;
import org.tijori.gateway.requester.RequesterPortal;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * A signed-in requester's portal: its registration, how many residents' consents it holds, its calls and errors
 * per day, its newest errors, and the rotation of its secret. The requester comes from the session only, never
 * from the request, so a requester sees nothing but its own.
 */
@Controller
@RequestMapping("/requester")
class RequesterPortalController {

    private final RequesterPortal portal;

    private final RequesterRegistrations registrations;

    private final RequesterSessions sessions;

    RequesterPortalController(RequesterPortal portal, RequesterRegistrations registrations,
            RequesterSessions sessions) {
        this.portal = portal;
        this.registrations = registrations;
        this.sessions = sessions;
    }

    @GetMapping
    String overview(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Optional<RequesterId> requester = sessions.current(authentication, request, response);
        if (requester.isEmpty()) {
            return "redirect:/requester/login?ended";
        }
        return page(requester.get(), model);
    }

    /** A new secret, shown in this answer only; this session goes on with it, every other one ends. */
    @PostMapping("/credentials")
    String rotate(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Optional<RequesterId> requester = sessions.current(authentication, request, response);
        if (requester.isEmpty()) {
            return "redirect:/requester/login?ended";
        }
        try {
            RequesterCredentials credentials = registrations.rotateSecret(requester.get(), "REQUESTER");
            portal.overview(requester.get()).ifPresent(overview -> sessions.rotated(requester.get(),
                    overview.clientId(), overview.secretIssuedAt(), request, response));
            model.addAttribute("credentials", credentials);
        }
        catch (GatewayProblemException e) {
            response.setStatus(DigiLockerErrors.statusOf(e.kind()).value());
            model.addAttribute("credentialsError", e.getMessage());
        }
        return page(requester.get(), model);
    }

    private String page(RequesterId requester, Model model) {
        model.addAttribute("requester", portal.overview(requester).orElseThrow());
        return "gateway/portal";
    }
}
