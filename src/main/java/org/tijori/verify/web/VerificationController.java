package org.tijori.verify.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.verify.DocumentVerification;
import org.tijori.verify.VerificationOutcome;
import org.tijori.verify.activity.VerificationActivity;
import org.tijori.verify.admission.VerificationAdmission;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The page a phone opens from a QR code: the live status of the document, or one friendly page for every link
 * that cannot be verified. Anyone may open it, signed in or not; for a visitor who is not, it makes no session
 * and carries no CSRF token ({@code withoutSession}), so that a scan costs no session row.
 */
@Controller
class VerificationController {

    private final DocumentVerification verification;

    private final VerificationAdmission admission;

    VerificationController(DocumentVerification verification, VerificationAdmission admission) {
        this.verification = verification;
        this.admission = admission;
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
