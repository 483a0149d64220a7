package org.tijori.issuer.web;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.pull.PullAddressReviews;
import org.tijori.issuer.registration.IssuerRegistrations;
import org.tijori.issuer.registration.PullHmacEncoding;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The administrators' page of issuers: approve, reject or suspend them, rotate their credentials and
 * replace their signing certificates. New credentials appear in the answer to that one request and are
 * kept nowhere else. Each issuer's Pull URI address is shown with what it presents itself as (its TLS
 * certificate, looked at while the issuer waits for a decision) and the residents' details it would receive.
 */
@Controller
@RequestMapping("/admin/issuers")
class IssuerAdministrationController {

    private final IssuerRegistrations registrations;

    private final PullAddressReviews pullAddresses;

    IssuerAdministrationController(IssuerRegistrations registrations, PullAddressReviews pullAddresses) {
        this.registrations = registrations;
        this.pullAddresses = pullAddresses;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("issuers", registrations.all());
        model.addAttribute("stylesheets", registrations.stylesheets());
        model.addAttribute("pullAddresses", pullAddresses.all());
        model.addAttribute("hmacEncodings", PullHmacEncoding.values());
        return "issuer/admin-issuers";
    }

    @PostMapping("/{issuerId}/pull-hmac-encoding")
    String changePullHmacEncoding(@PathVariable String issuerId,
            @RequestParam(required = false) String pullHmacEncoding, HttpServletResponse response, Model model) {
        try {
            PullHmacEncoding encoding = PullHmacEncoding.ofCode(pullHmacEncoding).orElseThrow(
                    () -> new IssuerProblemException(IssuerProblemException.Kind.INVALID,
                            "pullHmacEncoding: base64 or base64-of-hex."));
            registrations.changePullHmacEncoding(issuer(issuerId), encoding);
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return "redirect:/admin/issuers?hmacChanged=" + issuerId;
    }

    @PostMapping("/{issuerId}/approve")
    String approve(@PathVariable String issuerId, HttpServletResponse response, Model model) {
        try {
            model.addAttribute("credentials", registrations.approve(issuer(issuerId)));
            model.addAttribute("approved", true);
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return list(model);
    }

    @PostMapping("/{issuerId}/credentials")
    String rotate(@PathVariable String issuerId, HttpServletResponse response, Model model) {
        try {
            model.addAttribute("credentials", registrations.rotateCredentials(issuer(issuerId)));
        }
        catch (IssuerProblemException e) {
            return failed(e, response, model);
        }
        return list(model);
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
        model.addAttribute("error", e.getMessage());
        return list(model);
    }

    /** Only well-formed IDs reach a redirect's address; anything else is an issuer that does not exist. */
    private static IssuerId issuer(String value) {
        try {
            return new IssuerId(value);
        }
        catch (IllegalArgumentException e) {
            throw new IssuerProblemException(IssuerProblemException.Kind.NOT_FOUND, "There is no issuer " + value + ".");
        }
    }
}
