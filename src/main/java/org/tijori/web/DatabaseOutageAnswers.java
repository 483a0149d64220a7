package org.tijori.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.tijori.DatabaseOutage;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Answers 503, try again, to a request that failed because the database is away, in the form its client reads: a
 * page for people, a problem detail for programs and the JSON APIs, DigiLocker's error body under {@code /public}.
 * It sits outside the session and security filters, since they need the database too, and renders a page of its
 * own that needs neither a session nor a CSRF token; the error dispatch, whose layout needs both, would fail
 * again and end in the servlet container's bare 500. Each such request is logged once, without a stack trace.
 */
class DatabaseOutageAnswers extends OncePerRequestFilter {

    static final String TYPE = "database-unavailable";

    static final String DETAIL = "Tijori cannot reach its database just now. Try again in a minute.";

    /** Seconds a client is asked to wait: about what a restart of PostgreSQL takes. */
    static final String RETRY_AFTER = "10";

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageAnswers.class);

    private final Problems problems;

    private final ITemplateEngine templates;

    private final LocaleResolver locales;

    DatabaseOutageAnswers(Problems problems, ITemplateEngine templates, LocaleResolver locales) {
        this.problems = problems;
        this.templates = templates;
        this.locales = locales;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        }
        catch (IOException | ServletException | RuntimeException failure) {
            if (!DatabaseOutage.caused(failure)) {
                throw failure;
            }
            if (response.isCommitted()) {
                log.warn("The database went away while {} {} was being answered; the answer is cut short",
                        request.getMethod(), request.getRequestURI());
                return;
            }
            log.warn("Answered 503 to {} {}: the database is unreachable ({})", request.getMethod(),
                    request.getRequestURI(), innermost(failure));
            answer(request, response);
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.reset();
        response.setHeader(RequestIdFilter.HEADER, RequestIdFilter.idOf(request));
        response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(PublicPathErrors.PREFIX)) {
            PublicPathErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", DETAIL);
        }
        else if (ErrorPagesController.isApi(path) || !ErrorPagesController.acceptsHtml(request)) {
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, TYPE, DETAIL);
        }
        else {
            var page = new Context(locales.resolveLocale(request));
            page.setVariable("requestId", RequestIdFilter.idOf(request));
            page.setVariable("contextPath", request.getContextPath());
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.setCharacterEncoding("UTF-8");
            templates.process("error/unavailable", page, response.getWriter());
        }
    }

    private static String innermost(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause.getCause() != null && cause.getCause() != cause && depth < 24; depth++) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        // An error page (a 404, say) needs the session too, for its layout.
        return false;
    }
}
