package org.tijori.issuer.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.portal.IssuerPortal;
import org.tijori.issuer.portal.PortalSignIn;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Issuers sign in to their portal with the client ID and client secret they received at approval: a
 * path of its own, apart from the residents' and administrators' password form.
 */
@Controller
class IssuerSignInController {

    private final IssuerPortal portal;

    private final IssuerSessions sessions;

    IssuerSignInController(IssuerPortal portal, IssuerSessions sessions) {
        this.portal = portal;
        this.sessions = sessions;
    }

    @GetMapping("/issuer/login")
    String form(Authentication authentication) {
        boolean issuer = authentication != null && authentication.getAuthorities().stream()
                .anyMatch(authority -> IssuerSessions.ROLE.equals(authority.getAuthority()));
        return issuer ? "redirect:/issuer" : "issuer/login";
    }

    @PostMapping("/issuer/login")
    String signIn(@RequestParam(required = false) String clientId, @RequestParam(required = false) String clientSecret,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        PortalSignIn outcome = portal.signIn(clientId, clientSecret, request.getRemoteAddr());
        if (outcome instanceof PortalSignIn.SignedIn signedIn) {
            sessions.signIn(signedIn.issuer(), signedIn.clientId(), request, response);
            return "redirect:/issuer";
        }
        boolean throttled = outcome instanceof PortalSignIn.Throttled;
        response.setStatus(throttled ? HttpStatus.TOO_MANY_REQUESTS.value() : HttpStatus.UNAUTHORIZED.value());
        model.addAttribute("error", throttled ? "issuer.login.throttled" : "issuer.login.error");
        model.addAttribute("clientId", clientId);
        return "issuer/login";
    }
}
