package org.tijori.signing.web;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.tijori.account.MinuteBuckets;
import org.tijori.signing.SignatureValidationProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;

/**
 * Bounds a check of a signed file ({@code POST /api/v1/esign/verify}, {@code POST /esign/verify}) before any of it
 * is read, ahead of Spring Security (whose CSRF check would parse the multipart body) and Spring MVC: each client
 * address gets {@code tijori.esign.verify.requests-per-address} checks a minute, counted in the node's memory
 * (429 with {@code Retry-After}); the body must declare its length (411), at most
 * {@code tijori.esign.verify.max-upload} (413). The API is answered with problem details, the page with itself.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class EsignVerifyLimits extends OncePerRequestFilter {

    static final String API = "/api/v1/esign/verify";

    static final String PAGE = "/esign/verify";

    /** The most addresses a node keeps a bucket of; past it, newcomers share one until the minute's sweep. */
    static final int MOST_ADDRESSES = 100_000;

    private final MinuteBuckets buckets;

    private final long maxUpload;

    private final JsonMapper json;

    private final ViewResolver views;

    private final LocaleResolver locales;

    EsignVerifyLimits(SignatureValidationProperties properties, JsonMapper json, ViewResolver thymeleafViewResolver,
            LocaleResolver localeResolver) {
        this.buckets = new MinuteBuckets(properties.verify().requestsPerAddress(), MOST_ADDRESSES);
        this.maxUpload = properties.verify().maxUpload().toBytes();
        this.json = json;
        this.views = thymeleafViewResolver;
        this.locales = localeResolver;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || !(path.equals(API) || path.equals(PAGE));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EsignVerifyAnswers.headers(response);
        boolean api = request.getRequestURI().endsWith(API);
        Duration wait = buckets.take(request.getRemoteAddr());
        if (!wait.isZero()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(wait.toSeconds()));
            refuse(request, response, api, HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                    "Too many checks of signed files came from your address; try again in " + wait.toSeconds()
                            + " seconds.",
                    "esign.verify.tooMany", wait.toSeconds());
            return;
        }
        long length = request.getContentLengthLong();
        if (length < 0) {
            refuse(request, response, api, HttpStatus.LENGTH_REQUIRED, "length-required",
                    "Declare the upload's length (Content-Length): a body sent in chunks is not read.",
                    "esign.verify.lengthRequired", null);
            return;
        }
        if (length > maxUpload) {
            refuse(request, response, api, HttpStatus.CONTENT_TOO_LARGE, "too-large", "The upload is larger than the "
                    + EsignVerifyAnswers.megabytes(maxUpload) + " (" + maxUpload + " bytes) taken.",
                    "esign.verify.tooLarge", EsignVerifyAnswers.megabytes(maxUpload));
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Answers at once, the body unread: Tomcat then drains what the client still sends, up to
     * {@code server.tomcat.max-swallow-size}, and closes the connection.
     */
    private void refuse(HttpServletRequest request, HttpServletResponse response, boolean api, HttpStatus status,
            String type, String detail, String messageKey, Object argument) throws IOException {
        response.setStatus(status.value());
        if (api) {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), EsignVerifyAnswers.problem(status, type, detail, request));
        }
        else {
            Map<String, Object> model = new HashMap<>();
            model.put("refusal", messageKey);
            model.put("refusalArgument", argument);
            model.put("httpStatus", status.value());
            model.put("maxUpload", EsignVerifyAnswers.megabytes(maxUpload));
            page(request, response, model);
        }
        response.flushBuffer();
    }

    /**
     * The page, drawn here: the request never reaches Spring MVC, nobody is taken for signed in (the session is not
     * read), and no CSRF token or session is made.
     */
    private void page(HttpServletRequest request, HttpServletResponse response, Map<String, Object> extra)
            throws IOException {
        request.setAttribute(DispatcherServlet.LOCALE_RESOLVER_ATTRIBUTE, locales);
        Locale locale = locales.resolveLocale(request);
        Map<String, Object> model = new HashMap<>();
        model.put("signedIn", false);
        model.put("resident", false);
        model.put("signedInAdministrator", false);
        model.put("signedInIssuer", false);
        model.put("signedInRequester", false);
        model.put("withoutSession", true);
        model.put("currentPath", PAGE);
        model.put("requestId", MDC.get("requestId"));
        model.putAll(extra);
        try {
            View view = views.resolveViewName(EsignVerifyController.VIEW, locale);
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.setCharacterEncoding("UTF-8");
            view.render(model, request, response);
        }
        catch (IOException e) {
            throw e;
        }
        catch (Exception e) {
            throw new IOException("The page " + EsignVerifyController.VIEW + " could not be drawn", e);
        }
    }

    @Scheduled(fixedDelay = 60_000)
    void forgetFull() {
        buckets.forgetFull();
    }
}
