package org.tijori.issuer.web;

import java.io.Serializable;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.pull.PullAddressReviews;
import org.tijori.issuer.registration.IssuerCategory;
import org.tijori.issuer.registration.IssuerCredentials;
import org.tijori.issuer.registration.IssuerRegistrations;
import org.tijori.issuer.registration.PullHmacEncoding;
import org.tijori.issuer.registration.StateOrTerritory;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrators' page of issuers: approve, reject or suspend them, rotate their credentials and
 * replace their signing certificates. New credentials appear once, on the page the approval or rotation
 * redirects to, and are kept nowhere else. Each issuer's Pull URI address is shown with what it presents itself as (its TLS
 * certificate, looked at while the issuer waits for a decision) and the residents' details it would receive.
 */
@Controller
@RequestMapping("/admin/issuers")
class IssuerAdministrationController {

    private final IssuerRegistrations registrations;

    private final PullAddressReviews pullAddresses;

    private final MessageSource messages;

    IssuerAdministrationController(IssuerRegistrations registrations, PullAddressReviews pullAddresses,
            MessageSource messages) {
        this.registrations = registrations;
        this.pullAddresses = pullAddresses;
        this.messages = messages;
    }

    @GetMapping
    String list(Model model, HttpServletResponse response) {
        if (model.containsAttribute("credentials")) {
            // The one answer that shows the new secrets: kept by no cache, and gone on the next load.
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return list(model);
    }

    private String list(Model model) {
        model.addAttribute("issuers", registrations.all());
        model.addAttribute("stylesheets", registrations.stylesheets());
        model.addAttribute("pullAddresses", pullAddresses.all());
        model.addAttribute("hmacEncodings", PullHmacEncoding.values());
        model.addAttribute("categories", IssuerCategory.values());
        model.addAttribute("states", StateOrTerritory.values());
        return "issuer/admin-issuers";
    }

    /** How the directory lists an issuer: its category, its state (none for the whole country), its Hindi name. */
    @PostMapping("/{issuerId}/listing")
    String changeListing(@PathVariable String issuerId, @RequestParam(required = false) String category,
            @RequestParam(required = false) String state, @RequestParam(required = false) String nameHi,
            HttpServletResponse response, Model model) {
        try {
            registrations.changeListing(issuer(issuerId), category, state, nameHi);
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return "redirect:/admin/issuers?listingChanged=" + issuerId;
    }

    @PostMapping("/{issuerId}/pull-hmac-encoding")
    String changePullHmacEncoding(@PathVariable String issuerId,
            @RequestParam(required = false) String pullHmacEncoding, HttpServletResponse response, Model model) {
        try {
            PullHmacEncoding encoding = PullHmacEncoding.ofCode(pullHmacEncoding).orElseThrow(
                    () -> new IssuerProblemException(IssuerProblemException.Kind.INVALID, "pullHmacEncoding.unknown",
                            new Object[0], "pullHmacEncoding: base64 or base64-of-hex."));
            registrations.changePullHmacEncoding(issuer(issuerId), encoding);
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return "redirect:/admin/issuers?hmacChanged=" + issuerId;
    }

    /**
     * Approves, then redirects to the list, which shows the new credentials once (a flash attribute): reloading
     * that page neither sends the approval again nor shows the secrets again.
     */
    @PostMapping("/{issuerId}/approve")
    String approve(@PathVariable String issuerId, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("credentials", ShownCredentials.of(registrations.approve(issuer(issuerId))));
            redirect.addFlashAttribute("approved", true);
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return "redirect:/admin/issuers";
    }

    @PostMapping("/{issuerId}/credentials")
    String rotate(@PathVariable String issuerId, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("credentials",
                    ShownCredentials.of(registrations.rotateCredentials(issuer(issuerId))));
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return "redirect:/admin/issuers";
    }

    /**
     * New credentials on their way from the approval to the page that shows them, kept in the session for
     * that one redirect; the secrets stay out of {@code toString()} and so out of any log.
     */
    record ShownCredentials(String issuerId, String clientId, String clientSecret, String apiKey)
            implements Serializable {

        static ShownCredentials of(IssuerCredentials credentials) {
            return new ShownCredentials(credentials.issuerId().value(), credentials.clientId(),
                    credentials.clientSecret(), credentials.apiKey());
        }

        @Override
        public String toString() {
            return "ShownCredentials[issuerId=" + issuerId + ", clientId=" + clientId + ", secrets=***]";
        }
    }

    @PostMapping("/{issuerId}/reject")
    String reject(@PathVariable String issuerId, HttpServletResponse response, Model model) {
        try {
            registrations.reject(issuer(issuerId));
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return "redirect:/admin/issuers?rejected=" + issuerId;
    }

    @PostMapping("/{issuerId}/suspend")
    String suspend(@PathVariable String issuerId, HttpServletResponse response, Model model) {
        try {
            registrations.suspend(issuer(issuerId));
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return "redirect:/admin/issuers?suspended=" + issuerId;
    }

    @PostMapping("/{issuerId}/legacy-signatures")
    String legacySignatures(@PathVariable String issuerId, @RequestParam boolean allow, HttpServletResponse response,
            Model model) {
        try {
            registrations.allowLegacySignatures(issuer(issuerId), allow);
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return "redirect:/admin/issuers?legacySignatures=" + issuerId + "&allowed=" + allow;
    }

    @PostMapping("/{issuerId}/certificate")
    String replaceCertificate(@PathVariable String issuerId,
            @RequestParam(required = false) String signingCertificatePem, HttpServletResponse response, Model model) {
        try {
            registrations.replaceCertificate(issuer(issuerId), signingCertificatePem);
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return "redirect:/admin/issuers?certificateReplaced=" + issuerId;
    }

    private String failed(IssuerProblemException e, HttpServletResponse response, Model model) {
        response.setStatus(IssuerProblems.status(e).value());
        model.addAttribute("error", e.words(messages, LocaleContextHolder.getLocale()));
        return list(model);
    }

    /** Only well-formed IDs reach a redirect's address; anything else is an issuer that does not exist. */
    private static IssuerId issuer(String value) {
        try {
            return new IssuerId(value);
        }
        catch (IllegalArgumentException e) {
            throw new IssuerProblemException(IssuerProblemException.Kind.NOT_FOUND, "no-issuer", new Object[] {value},
                    "There is no issuer " + value + ".");
        }
    }
}
