package org.tijori.verify.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import org.tijori.verify.admission.VerificationAdmission;
import org.tijori.verify.upload.FileVerification;
import org.tijori.verify.upload.FileVerification.Problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.multipart.MultipartFile;

/**
 * What the API and the page answer for an uploaded file that cannot be verified: one problem type and status per
 * {@link Problem}, the same for both, and the count of a failed upload as a refusal.
 */
final class UploadAnswers {

    static final String TYPE_BASE = "https://tijori.org/problems/";

    private UploadAnswers() {
    }

    static HttpStatus status(Problem problem) {
        return switch (problem) {
            case NO_FILE, MALFORMED_XML, XML_DOCTYPE, MALFORMED_PDF -> HttpStatus.BAD_REQUEST;
            case UNSUPPORTED_FILE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case NOT_A_CERTIFICATE, NOT_A_TIJORI_PDF, ENCRYPTED_PDF, RENDERED_BEFORE_PROOFS ->
                    HttpStatus.UNPROCESSABLE_CONTENT;
        };
    }

    static String type(Problem problem) {
        return TYPE_BASE + switch (problem) {
            case NO_FILE -> "no-file";
            case UNSUPPORTED_FILE -> "unsupported-file";
            case MALFORMED_XML, XML_DOCTYPE, MALFORMED_PDF -> "malformed-file";
            case NOT_A_CERTIFICATE, NOT_A_TIJORI_PDF, ENCRYPTED_PDF -> "not-a-tijori-document";
            case RENDERED_BEFORE_PROOFS -> "rendered-before-proofs";
        };
    }

    static ProblemDetail problem(FileVerification.Unverifiable unverifiable, HttpServletRequest request) {
        return VerificationAnswers.problem(status(unverifiable.problem()), type(unverifiable.problem()),
                unverifiable.detail(), request);
    }

    /** The bytes of the upload; the filter has bounded them by {@code tijori.verify.max-upload}. */
    static byte[] bytes(MultipartFile file) throws IOException {
        return file == null ? null : file.getBytes();
    }

    /**
     * Counts an upload that did not verify as a refused link is counted.
     *
     * @return zero, or how long the address must wait: its budget was spent, and it is answered 429
     */
    static Duration counted(FileVerification outcome, VerificationAdmission admission, HttpServletRequest request) {
        return outcome.genuine() ? Duration.ZERO : admission.refused(request.getRemoteAddr());
    }

    /** A size as people read it: "2 MB", "1.5 MB". */
    static String megabytes(long bytes) {
        double megabytes = bytes / (1024.0 * 1024.0);
        return (megabytes == Math.rint(megabytes) ? String.valueOf((long) megabytes)
                : String.valueOf(Math.round(megabytes * 10) / 10.0)) + " MB";
    }
}
