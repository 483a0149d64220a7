package org.tijori.verify.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.verify.VerifyProperties;
import org.tijori.verify.admission.VerificationAdmission;
import org.tijori.verify.upload.FileVerification;
import org.tijori.verify.upload.UploadedDocumentCheck;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;

/**
 * The landing page's upload form ({@code POST /verify}, CSRF-protected as every form): the status page for a file
 * that verifies, one page saying what was wrong for one that cannot be verified, and the one "cannot verify" page
 * for a PDF whose proof is refused, as for its link. The answer renders no CSRF token, so that it adds nothing to
 * the session the form's token already needed.
 */
@Controller
class VerificationUploadController {

    private final UploadedDocumentCheck uploads;

    private final VerificationAdmission admission;

    private final String maxUpload;

    VerificationUploadController(UploadedDocumentCheck uploads, VerificationAdmission admission,
            VerifyProperties properties) {
        this.uploads = uploads;
        this.admission = admission;
        this.maxUpload = UploadAnswers.megabytes(properties.maxUpload().toBytes());
    }

    @PostMapping("/verify")
    ModelAndView verify(@RequestParam(name = "file", required = false) MultipartFile file,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerificationAnswers.headers(response);
        FileVerification outcome = uploads.check(UploadAnswers.bytes(file), request.getRemoteAddr());
        Duration wait = UploadAnswers.counted(outcome, admission, request);
        ModelAndView page;
        if (!wait.isZero()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, VerificationAnswers.retryAfter(wait));
            page = new ModelAndView("verify/too-many");
            page.addObject("retryAfterSeconds", VerificationAnswers.retryAfter(wait));
            page.setStatus(HttpStatus.TOO_MANY_REQUESTS);
        }
        else if (outcome instanceof FileVerification.Reported reported) {
            page = new ModelAndView("verify/status");
            page.addObject("report", reported.report());
        }
        else if (outcome instanceof FileVerification.Unverifiable unverifiable) {
            page = new ModelAndView("verify/file-refused");
            page.addObject("reason", unverifiable.problem().name());
            page.addObject("maxUpload", maxUpload);
            page.addObject("httpStatus", UploadAnswers.status(unverifiable.problem()).value());
            page.setStatus(UploadAnswers.status(unverifiable.problem()));
        }
        else {
            page = new ModelAndView("verify/not-found");
            page.setStatus(HttpStatus.NOT_FOUND);
        }
        page.addObject("withoutSession", true);
        return page;
    }
}
