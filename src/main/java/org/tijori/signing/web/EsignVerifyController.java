package org.tijori.signing.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.signing.SignatureValidation;
import org.tijori.signing.SignatureValidationProperties;
import org.tijori.signing.SignedFileReport;
import org.tijori.signing.UncheckableFileException;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;

/**
 * The page where anyone checks a signed file: a form for the file (and its {@code .p7s}), and on the same page
 * what each signature means. The form is CSRF-protected as every form; its answer renders no new token.
 */
@Controller
class EsignVerifyController {

    static final String VIEW = "signing/esign-verify";

    private final SignatureValidation validation;

    private final String maxUpload;

    EsignVerifyController(SignatureValidation validation, SignatureValidationProperties properties) {
        this.validation = validation;
        this.maxUpload = EsignVerifyAnswers.megabytes(properties.verify().maxUpload().toBytes());
    }

    @GetMapping(EsignVerifyLimits.PAGE)
    ModelAndView page() {
        ModelAndView page = new ModelAndView(VIEW);
        page.addObject("maxUpload", maxUpload);
        return page;
    }

    @PostMapping(EsignVerifyLimits.PAGE)
    ModelAndView verify(@RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "signature", required = false) MultipartFile signature,
            HttpServletResponse response) throws IOException {
        EsignVerifyAnswers.headers(response);
        ModelAndView page = new ModelAndView(VIEW);
        page.addObject("maxUpload", maxUpload);
        try {
            SignedFileReport report = EsignVerifyAnswers.check(validation, file, signature);
            page.addObject("report", report);
            page.addObject("fileName", file.getOriginalFilename());
        }
        catch (UncheckableFileException e) {
            page.addObject("refusal", EsignVerifyAnswers.messageKey(e.problem()));
            page.addObject("httpStatus", EsignVerifyAnswers.status(e.problem()).value());
            page.setStatus(EsignVerifyAnswers.status(e.problem()));
            if (e.problem() == UncheckableFileException.Problem.BUSY) {
                response.setHeader(HttpHeaders.RETRY_AFTER, EsignVerifyAnswers.BUSY_RETRY_AFTER);
            }
        }
        return page;
    }
}
