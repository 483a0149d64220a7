package org.tijori.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.DatabaseOutage;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentConversionNotSupportedException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for everything the JSON controllers throw: Spring MVC's own errors (bad
 * JSON, a missing parameter, a wrong method) as 4xx with what was wrong, and anything unexpected as a
 * 500 that is logged once with the request ID and tells nothing of the cause. Ordered just after the
 * highest precedence, so that a module's own advice for its own exceptions (such as the locker's) is asked
 * first: this one's catch-all would otherwise take them for unexpected errors.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception, NativeWebRequest request) throws Exception {
        // The database being away is answered 503 by DatabaseOutageAnswers, outside the session it needs too.
        if (exception instanceof AccessDeniedException || exception instanceof AuthenticationException
                || DatabaseOutage.caused(exception)) {
            throw exception;
        }
        log.error("Unexpected error while answering {}", describe(request), exception);
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ErrorPagesController.detailOf(status));
        return createResponseEntity(problem, new HttpHeaders(), status, request);
    }

    /**
     * A request parameter that cannot become what the endpoint takes is the request's fault, however Spring
     * names it: a file part where a text field is expected, above all. Spring answers 500 and puts the
     * converter's message, with its Java class names, in the detail; this answers what was wrong instead.
     */
    @Override
    protected ResponseEntity<Object> handleConversionNotSupported(ConversionNotSupportedException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (exception instanceof MethodArgumentConversionNotSupportedException argument) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The parameter '"
                    + argument.getName() + "' has the wrong form: a file where text is expected, or the reverse.");
            return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, request);
        }
        log.error("Unexpected conversion error while answering a request", exception);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                ErrorPagesController.detailOf(HttpStatus.INTERNAL_SERVER_ERROR));
        return createResponseEntity(problem, headers, HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servletRequest) {
            HttpStatus status = HttpStatus.resolve(statusCode.value());
            if (status != null && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
                problem.setType(URI.create(Problems.TYPE_BASE + ErrorPagesController.typeOf(status)));
            }
            problem.setInstance(URI.create(servletRequest.getRequestURI()));
            problem.setProperty("requestId", RequestIdFilter.idOf(servletRequest));
        }
        var problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.createResponseEntity(body, problemHeaders, statusCode, request);
    }

    private static String describe(NativeWebRequest request) {
        return request.getNativeRequest() instanceof HttpServletRequest servletRequest
                ? servletRequest.getMethod() + " " + servletRequest.getRequestURI() : "a request";
    }
}
