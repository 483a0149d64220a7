package org.tijori.gateway.web;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.RequesterRegistrations;
import org.tijori.gateway.requester.Logo;
import org.tijori.gateway.requester.RequesterCredentials;
import org.tijori.gateway.requester.RequesterKind;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrators' pages of requesters: the list, and each requester with its registration, where it may
 * approve, reject, suspend or reinstate it, rotate its secret and edit its redirect URIs. New credentials appear once,
 * on the page the approval or rotation redirects to, and are kept nowhere else.
 */
@Controller
@RequestMapping("/admin/requesters")
class RequesterAdministrationController {

    private final RequesterRegistrations registrations;

    RequesterAdministrationController(RequesterRegistrations registrations) {
        this.registrations = registrations;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("requesters", registrations.all());
        return "gateway/admin-requesters";
    }

    @GetMapping("/{id}")
    String requester(@PathVariable String id, HttpServletResponse response, Model model) {
        if (model.containsAttribute("credentials")) {
            // The one answer that shows the new secret: kept by no cache, and gone on the next load.
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return page(requesterOf(id), response, model);
    }

    /** The requester's logo as it registered it: only a PNG or a JPEG by its content, never sniffed as anything else. */
    @GetMapping("/{id}/logo")
    ResponseEntity<byte[]> logo(@PathVariable String id) {
        return registrations.logo(requesterOf(id))
                .map(logo -> ResponseEntity.ok().contentType(MediaType.parseMediaType(logo.mediaType()))
                        .cacheControl(CacheControl.noStore()).body(logo.bytes()))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping("/{id}/approve")
    String approve(@PathVariable String id, @RequestParam(required = false) String kind,
            @RequestParam(required = false) boolean maySignUp, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        RequesterId requester = requesterOf(id);
        try {
            redirect.addFlashAttribute("credentials", ShownCredentials.of(registrations.approve(requester,
                    RequesterKind.named(kind).orElse(RequesterKind.WEB), maySignUp)));
            redirect.addFlashAttribute("approved", true);
        }
        catch (GatewayProblemException e) {
            return failed(requester, e, response, model);
        }
        return "redirect:/admin/requesters/" + requester;
    }

    @PostMapping("/{id}/credentials")
    String rotate(@PathVariable String id, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        RequesterId requester = requesterOf(id);
        try {
            redirect.addFlashAttribute("credentials",
                    ShownCredentials.of(registrations.rotateSecret(requester, "ADMINISTRATOR")));
        }
        catch (GatewayProblemException e) {
            return failed(requester, e, response, model);
        }
        return "redirect:/admin/requesters/" + requester;
    }

    /**
     * New credentials on their way from the approval to the page that shows them, kept in the session for
     * that one redirect; the secret stays out of {@code toString()} and so out of any log.
     */
    record ShownCredentials(String clientId, String clientSecret) implements Serializable {

        static ShownCredentials of(RequesterCredentials credentials) {
            return new ShownCredentials(credentials.clientId(), credentials.clientSecret());
        }

        @Override
        public String toString() {
            return "ShownCredentials[clientId=" + clientId + ", clientSecret=***]";
        }
    }

    @PostMapping("/{id}/reject")
    String reject(@PathVariable String id, HttpServletResponse response, Model model) {
        RequesterId requester = requesterOf(id);
        try {
            registrations.reject(requester);
        }
        catch (GatewayProblemException e) {
            return failed(requester, e, response, model);
        }
        return "redirect:/admin/requesters/" + requester + "?rejected";
    }

    @PostMapping("/{id}/suspend")
    String suspend(@PathVariable String id, HttpServletResponse response, Model model) {
        RequesterId requester = requesterOf(id);
        try {
            registrations.suspend(requester);
        }
        catch (GatewayProblemException e) {
            return failed(requester, e, response, model);
        }
        return "redirect:/admin/requesters/" + requester + "?suspended";
    }

    /** The redirect URIs, one a line, replace the registered ones. */
    @PostMapping("/{id}/redirect-uris")
    String redirectUris(@PathVariable String id, @RequestParam(required = false) String redirectUris,
            HttpServletResponse response, Model model) {
        RequesterId requester = requesterOf(id);
        List<String> uris = redirectUris == null ? List.of()
                : Arrays.stream(redirectUris.split("\\s+")).filter(uri -> !uri.isBlank()).toList();
        try {
            registrations.changeRedirectUris(requester, uris);
        }
        catch (GatewayProblemException e) {
            model.addAttribute("redirectUrisText", redirectUris);
            return failed(requester, e, response, model);
        }
        return "redirect:/admin/requesters/" + requester + "?redirectUrisChanged";
    }

    private String failed(RequesterId requester, GatewayProblemException e, HttpServletResponse response,
            Model model) {
        response.setStatus(DigiLockerErrors.statusOf(e.kind()).value());
        model.addAttribute("error", e.getMessage());
        return page(requester, response, model);
    }

    /**
     * The requester a path names; a path that is no requester's ID names one that does not exist (the nil UUID), so
     * that every handler answers it as it answers an unknown requester.
     */
    private static RequesterId requesterOf(String id) {
        try {
            return RequesterAdminApiController.requester(id);
        }
        catch (GatewayProblemException notAnId) {
            return new RequesterId(new java.util.UUID(0, 0));
        }
    }

    private String page(RequesterId requester, HttpServletResponse response, Model model) {
        var found = registrations.find(requester);
        if (found.isEmpty()) {
            response.setStatus(404);
            model.addAttribute("requesters", registrations.all());
            model.addAttribute("error", "There is no such requester.");
            return "gateway/admin-requesters";
        }
        model.addAttribute("requester", found.get());
        if (!model.containsAttribute("redirectUrisText")) {
            model.addAttribute("redirectUrisText", String.join("\n", found.get().redirectUris()));
        }
        model.addAttribute("kinds", RequesterKind.values());
        model.addAttribute("maxLogoBytes", Logo.MAX_BYTES);
        return "gateway/admin-requester";
    }
}
