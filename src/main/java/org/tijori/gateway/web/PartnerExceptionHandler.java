package org.tijori.gateway.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.partner.PartnerThrottledException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * DigiLocker's error body for everything a partner API controller ({@link PartnerApi}) throws: the problems its
 * operations report, Spring MVC's own errors (a missing parameter, a wrong method, an unreadable body) as 4xx with
 * what was wrong, and anything unexpected as {@code 500 unexpected_error}, logged once with the request ID and
 * telling nothing of the cause. Asked before the application's problem-detail advice, which would otherwise take
 * these for its own.
 */
@RestControllerAdvice(annotations = PartnerApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 50)
class PartnerExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PartnerExceptionHandler.class);

    @ExceptionHandler(GatewayProblemException.class)
    ResponseEntity<Map<String, String>> problem(GatewayProblemException problem) {
        return DigiLockerErrors.of(problem);
    }

    @ExceptionHandler(PartnerThrottledException.class)
    ResponseEntity<Map<String, String>> throttled(PartnerThrottledException throttled) {
        return DigiLockerErrors.tooMany(throttled.waitFor(), throttled.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> unexpected(Exception exception, NativeWebRequest request) throws Exception {
        if (exception instanceof AccessDeniedException || exception instanceof AuthenticationException) {
            throw exception;
        }
        log.error("Unexpected error while answering {}", describe(request), exception);
        return DigiLockerErrors.of(HttpStatus.INTERNAL_SERVER_ERROR, DigiLockerErrors.UNEXPECTED,
                DigiLockerErrors.UNEXPECTED_DESCRIPTION);
    }

    /** Spring MVC's errors, which it would answer as problem details, with DigiLocker's body instead. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        if (status == null || status.is5xxServerError()) {
            log.error("Unexpected error while answering {}", request instanceof NativeWebRequest nativeRequest
                    ? describe(nativeRequest) : "a request", exception);
            return answer(HttpStatus.INTERNAL_SERVER_ERROR, headers, DigiLockerErrors.UNEXPECTED,
                    DigiLockerErrors.UNEXPECTED_DESCRIPTION);
        }
        ProblemDetail problem = body instanceof ProblemDetail given ? given
                : exception instanceof ErrorResponse error ? error.getBody() : null;
        String detail = problem != null && problem.getDetail() != null ? problem.getDetail()
                : status.getReasonPhrase() + ".";
        return answer(status, headers, codeOf(status), detail);
    }

    static String codeOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> DigiLockerErrors.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case NOT_ACCEPTABLE -> "not_acceptable";
            case CONTENT_TOO_LARGE -> "request_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            default -> "invalid_request";
        };
    }

    private static ResponseEntity<Object> answer(HttpStatus status, HttpHeaders headers, String error,
            String description) {
        var answerHeaders = new HttpHeaders();
        answerHeaders.putAll(headers);
        answerHeaders.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(DigiLockerErrors.of(status, error, description).getBody(), answerHeaders, status);
    }

    private static String describe(NativeWebRequest request) {
        return request.getNativeRequest() instanceof HttpServletRequest servletRequest
                ? servletRequest.getMethod() + " " + servletRequest.getRequestURI() : "a request";
    }
}
