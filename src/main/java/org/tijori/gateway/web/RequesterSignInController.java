package org.tijori.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.requester.RequesterPortal;
import org.tijori.gateway.requester.RequesterSignIn;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Requesters sign in to their portal with the client ID and secret they received at approval: a page of its own,
 * apart from the residents' and administrators' password form, as issuers have.
 */
@Controller
class RequesterSignInController {

    private final RequesterPortal portal;

    private final RequesterSessions sessions;

    RequesterSignInController(RequesterPortal portal, RequesterSessions sessions) {
        this.portal = portal;
        this.sessions = sessions;
    }

    @GetMapping("/requester/login")
    String form(Authentication authentication) {
        boolean requester = authentication != null && authentication.getAuthorities().stream()
                .anyMatch(authority -> RequesterSessions.ROLE.equals(authority.getAuthority()));
        return requester ? "redirect:/requester" : "gateway/login";
    }

    @PostMapping("/requester/login")
    String signIn(@RequestParam(required = false) String clientId, @RequestParam(required = false) String clientSecret,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        RequesterSignIn outcome = portal.signIn(clientId, clientSecret, request.getRemoteAddr());
        if (outcome instanceof RequesterSignIn.SignedIn signedIn) {
            sessions.signIn(signedIn.requester(), signedIn.clientId(), signedIn.secretIssuedAt(), request, response);
            return "redirect:/requester";
        }
        boolean throttled = outcome instanceof RequesterSignIn.Throttled;
        response.setStatus(throttled ? HttpStatus.TOO_MANY_REQUESTS.value() : HttpStatus.UNAUTHORIZED.value());
        model.addAttribute("error", throttled ? "requester.login.throttled" : "requester.login.error");
        model.addAttribute("clientId", clientId);
        return "gateway/login";
    }
}
