package org.tijori.signing.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.tijori.signing.SignatureValidation;
import org.tijori.signing.SignedFileReport;
import org.tijori.signing.SignedFileReport.AfterSigning;
import org.tijori.signing.SignedFileReport.Chain;
import org.tijori.signing.UncheckableFileException;
import org.tijori.signing.UncheckableFileException.Problem;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.multipart.MultipartFile;

/**
 * What the API and the page share: the uploads written to a directory of their own and deleted after the check,
 * the answer's headers, one problem type and status per {@link Problem}, and a report in the reader's words.
 */
final class EsignVerifyAnswers {

    static final String TYPE_BASE = "https://tijori.org/problems/";

    /** How long a client is asked to wait when every place to check is taken. */
    static final String BUSY_RETRY_AFTER = "5";

    private EsignVerifyAnswers() {
    }

    /** Checks the uploads, each written to a file in a temporary directory that is deleted afterwards. */
    static SignedFileReport check(SignatureValidation validation, MultipartFile file, MultipartFile signature)
            throws UncheckableFileException, IOException {
        if (file == null || file.isEmpty()) {
            throw new UncheckableFileException(Problem.NO_FILE, "Send the signed file in the field 'file'.");
        }
        Path directory = Files.createTempDirectory("tijori-esign-verify-");
        try {
            Path content = directory.resolve("file");
            file.transferTo(content);
            Path detached = null;
            if (signature != null && !signature.isEmpty()) {
                detached = directory.resolve("signature");
                signature.transferTo(detached);
            }
            return validation.check(content, detached);
        }
        finally {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    static HttpStatus status(Problem problem) {
        return switch (problem) {
            case NO_FILE, MALFORMED_PDF, NOT_A_SIGNATURE -> HttpStatus.BAD_REQUEST;
            case NOT_A_PDF -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case ENCRYPTED_PDF, TOO_SLOW -> HttpStatus.UNPROCESSABLE_CONTENT;
            case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    static String type(Problem problem) {
        return switch (problem) {
            case NO_FILE -> "no-file";
            case NOT_A_PDF -> "unsupported-file";
            case MALFORMED_PDF -> "malformed-file";
            case ENCRYPTED_PDF -> "encrypted-pdf";
            case NOT_A_SIGNATURE -> "not-a-signature";
            case TOO_SLOW -> "too-slow";
            case BUSY -> "busy";
        };
    }

    /** The message key of a problem, for the page. */
    static String messageKey(Problem problem) {
        return "esign.verify.problem." + switch (problem) {
            case NO_FILE -> "noFile";
            case NOT_A_PDF -> "notAPdf";
            case MALFORMED_PDF -> "malformedPdf";
            case ENCRYPTED_PDF -> "encryptedPdf";
            case NOT_A_SIGNATURE -> "notASignature";
            case TOO_SLOW -> "tooSlow";
            case BUSY -> "busy";
        };
    }

    static void headers(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Robots-Tag", "noindex");
    }

    static ProblemDetail problem(HttpStatus status, String type, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(EsignVerifyLimits.API));
        problem.setProperty("requestId", MDC.get("requestId"));
        return problem;
    }

    /** The JSON answer: every signature, each with its explanation in the reader's language. */
    static Map<String, Object> json(SignedFileReport report, MessageSource messages, Locale locale) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("signed", report.signed());
        answer.put("kind", report.kind().name());
        List<Map<String, Object>> signatures = new ArrayList<>();
        for (SignedFileReport.Signature signature : report.signatures()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("signer", signature.signer());
            one.put("signerSerialNumber", signature.signerSerialNumber());
            one.put("signerPseudonym", signature.signerPseudonym());
            one.put("signedAt", text(signature.signedAt()));
            if (signature.timestamp() == null) {
                one.put("timestamp", null);
            }
            else {
                Map<String, Object> timestamp = new LinkedHashMap<>();
                timestamp.put("at", text(signature.timestamp().at()));
                timestamp.put("valid", signature.timestamp().valid());
                timestamp.put("trusted", signature.timestamp().trusted());
                one.put("timestamp", timestamp);
            }
            one.put("intact", signature.intact());
            one.put("changedAfter", signature.changedAfter());
            one.put("afterSigning", signature.afterSigning().name());
            one.put("chainsToTijori", signature.chain() == Chain.TIJORI);
            one.put("chain", signature.chain().name());
            one.put("indication", signature.indication());
            one.put("subIndication", signature.subIndication());
            one.put("explanationCode", signature.explanation().name());
            one.put("explanation", explanation(signature, messages, locale));
            signatures.add(one);
        }
        answer.put("signatures", signatures);
        return answer;
    }

    /** The explanation in words, with what happened after signing when more was added. */
    static String explanation(SignedFileReport.Signature signature, MessageSource messages, Locale locale) {
        String text = messages.getMessage(signature.explanation().messageKey(), null, locale);
        if (signature.afterSigning() == AfterSigning.SIGNED_AGAIN) {
            text += " " + messages.getMessage("esign.verify.after.signedAgain", null, locale);
        }
        return text;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** A size as people read it: "50 MB". */
    static String megabytes(long bytes) {
        double megabytes = bytes / (1024.0 * 1024.0);
        return (megabytes == Math.rint(megabytes) ? String.valueOf((long) megabytes)
                : String.valueOf(Math.round(megabytes * 10) / 10.0)) + " MB";
    }
}
