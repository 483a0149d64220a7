package org.tijori.verify.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.verify.DocumentVerification;
import org.tijori.verify.VerificationOutcome;
import org.tijori.verify.activity.VerificationActivity;
import org.tijori.verify.admission.VerificationAdmission;
import org.tijori.verify.proof.VerificationLinks;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The page a phone opens from a QR code: the live status of the document, or one friendly page for every link
 * that cannot be verified. Anyone may open it, signed in or not; for a visitor who is not, it makes no session
 * and carries no CSRF token ({@code withoutSession}), so that a scan costs no session row.
 */
@Controller
class VerificationController {

    private final DocumentVerification verification;

    private final VerificationAdmission admission;

    private final VerificationLinks links;

    VerificationController(DocumentVerification verification, VerificationAdmission admission,
            VerificationLinks links) {
        this.verification = verification;
        this.admission = admission;
        this.links = links;
    }

    /**
     * The landing page: type or paste a link, scan a QR code with the camera, or upload a file. A link of this
     * installation is followed to its status page; anything else is said to be none, with the page again. Only
     * the link's path and query are followed, so that the redirect never leaves the site, whatever was pasted.
     */
    @GetMapping("/verify")
    ModelAndView landing(@RequestParam(name = "link", required = false) String link) {
        if (link == null) {
            return new ModelAndView("verify/landing");
        }
        Optional<String> target = links.parse(link).map(VerificationLinks.Link::target);
        if (target.isPresent()) {
            RedirectView redirect = new RedirectView(target.get(), true, false, false);
            redirect.setStatusCode(HttpStatus.SEE_OTHER);
            return new ModelAndView(redirect);
        }
        ModelAndView page = new ModelAndView("verify/landing");
        page.addObject("linkRefused", true);
        page.addObject("link", link.length() > VerificationLinks.MAX_LENGTH ? "" : link);
        page.setStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        return page;
    }

    /** How any verifier checks a QR code's proof without a network (ADR 22, "offline kit"). */
    @GetMapping("/verify/offline")
    ModelAndView offline() {
        ModelAndView page = new ModelAndView("verify/offline");
        page.addObject("baseUrl", links.address());
        page.addObject("withoutSession", true);
        return page;
    }

    /** A catch-all remainder, as the API's: a doc ID may hold '/'. */
    @GetMapping("/verify/{*uri}")
    ModelAndView verify(@PathVariable String uri, @RequestParam(name = "p", required = false) String proof,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerificationAnswers.headers(response);
        VerificationOutcome outcome = verification.check(VerificationAnswers.documentUri(uri), proof,
                VerificationActivity.How.ONLINE, request.getRemoteAddr());
        ModelAndView page;
        if (outcome instanceof VerificationOutcome.Verified verified) {
            page = new ModelAndView("verify/status");
            page.addObject("report", verified.report());
        }
        else {
            Duration wait = admission.refused(request.getRemoteAddr());
            if (wait.isZero()) {
                page = new ModelAndView("verify/not-found");
                page.setStatus(HttpStatus.NOT_FOUND);
            }
            else {
                response.setHeader(HttpHeaders.RETRY_AFTER, VerificationAnswers.retryAfter(wait));
                page = new ModelAndView("verify/too-many");
                page.addObject("retryAfterSeconds", VerificationAnswers.retryAfter(wait));
                page.setStatus(HttpStatus.TOO_MANY_REQUESTS);
            }
        }
        page.addObject("withoutSession", true);
        return page;
    }
}
