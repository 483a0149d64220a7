package org.tijori.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.DatabaseOutage;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Friendly error pages for what page controllers throw. Unexpected failures are logged once, with the
 * request ID that the page shows, so that support can find the log line.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PageExceptionHandler.class);

    @ExceptionHandler(Exception.class)
    ModelAndView failed(Exception exception, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        // A client that went away (a closed tab, a cancelled download) is not an error, and has no page to see.
        // The database being away is answered 503 by DatabaseOutageAnswers, outside the session it needs too.
        if (exception instanceof AccessDeniedException || exception instanceof AuthenticationException
                || DisconnectedClientHelper.isClientDisconnectedException(exception)
                || DatabaseOutage.caused(exception)) {
            throw exception;
        }
        HttpStatus status = exception instanceof ErrorResponse known
                ? HttpStatus.resolve(known.getStatusCode().value())
                : exception instanceof TypeMismatchException ? HttpStatus.BAD_REQUEST : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status.is5xxServerError()) {
            log.error("Unexpected error while answering {} {}", request.getMethod(), request.getRequestURI(),
                    exception);
        }
        response.setStatus(status.value());
        ModelAndView page = ErrorPagesController.page(status);
        PageModelInterceptor.decorate(request, page);
        return page;
    }
}
