package org.tijori.verify.web;

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
import org.tijori.verify.VerifyProperties;
import org.tijori.verify.admission.VerificationAdmission;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;

/**
 * Turns away, before the proof is read, the verification requests of an address that sent too many
 * ({@link VerificationAdmission}): 429 with {@code Retry-After} in whole seconds, a problem detail for the API and
 * a page for a browser. Ordered before Spring Security and Spring MVC, so that a flood costs neither a session
 * lookup, nor a proof check, nor a database round trip.
 * <p>
 * An upload ({@code POST /api/v1/verify}, {@code POST /verify}) must also declare its length, at most
 * {@code tijori.verify.max-upload}: 411 or 413 are answered here, before a byte of the body is read, for
 * everyone, signed in or not (the pages' own bound for strangers is far larger, and signed-in residents have none
 * below the locker's).
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class VerificationLimits extends OncePerRequestFilter {

    static final String API = "/api/v1/verify";

    static final String PAGES = "/verify/";

    /** Where the landing page's form uploads a file. */
    static final String UPLOAD_PAGE = "/verify";

    private final VerificationAdmission admission;

    private final long maxUpload;

    private final JsonMapper json;

    private final ViewResolver views;

    private final LocaleResolver locales;

    VerificationLimits(VerificationAdmission admission, VerifyProperties properties, JsonMapper json,
            ViewResolver thymeleafViewResolver, LocaleResolver localeResolver) {
        this.admission = admission;
        this.maxUpload = properties.maxUpload().toBytes();
        this.json = json;
        this.views = thymeleafViewResolver;
        this.locales = localeResolver;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (isUpload(request)) {
            return false;
        }
        return !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
                || !(path.equals(API) || path.startsWith(API + "/") || path.startsWith(PAGES));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration wait = admission.admit(request.getRemoteAddr());
        VerificationLimits pages = request.getRequestURI().startsWith(API) ? null : this;
        if (!wait.isZero()) {
            tooMany(request, response, wait, json, pages);
            return;
        }
        if (isUpload(request)) {
            long length = request.getContentLengthLong();
            if (length < 0) {
                refuseUnread(request, response, HttpStatus.LENGTH_REQUIRED, "length-required",
                        "Declare the upload's length (Content-Length): a body sent in chunks is not read.", pages);
                return;
            }
            if (length > maxUpload) {
                refuseUnread(request, response, HttpStatus.CONTENT_TOO_LARGE, "too-large", "The upload is larger "
                        + "than the " + UploadAnswers.megabytes(maxUpload) + " (" + maxUpload + " bytes) taken: a "
                        + "Certificate XML or a PDF Tijori made is smaller.",
                        pages);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isUpload(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "POST".equals(request.getMethod()) && (path.equals(API) || path.equals(UPLOAD_PAGE));
    }

    /**
     * Answers an upload whose body is not to be read, and sends the answer at once: the client may still be
     * sending, and should learn now that the rest is not wanted. Tomcat then drains what the client still sends,
     * up to {@code server.tomcat.max-swallow-size}, so that the client sees the answer, and closes the connection.
     */
    private void refuseUnread(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String type, String detail, VerificationLimits pages) throws IOException {
        VerificationAnswers.headers(response);
        response.setStatus(status.value());
        if (pages == null) {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), VerificationAnswers.problem(status,
                    UploadAnswers.TYPE_BASE + type, detail, request));
        }
        else {
            Map<String, Object> model = new HashMap<>();
            model.put("reason", status == HttpStatus.LENGTH_REQUIRED ? "LENGTH_REQUIRED" : "TOO_LARGE");
            model.put("maxUpload", UploadAnswers.megabytes(maxUpload));
            model.put("httpStatus", status.value());
            page(request, response, "verify/file-refused", model);
        }
        response.flushBuffer();
    }

    /**
     * Answers 429, as a problem detail, or as the page when {@code pages} is given.
     */
    static void tooMany(HttpServletRequest request, HttpServletResponse response, Duration wait, JsonMapper json,
            VerificationLimits pages) throws IOException {
        VerificationAnswers.headers(response);
        response.setHeader(HttpHeaders.RETRY_AFTER, VerificationAnswers.retryAfter(wait));
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        if (pages == null) {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), VerificationAnswers.tooMany(request));
            return;
        }
        pages.page(request, response, "verify/too-many",
                Map.of("retryAfterSeconds", VerificationAnswers.retryAfter(wait)));
    }

    /**
     * A page, drawn here rather than by a controller: the request never reaches Spring MVC. Nobody is taken
     * for signed in (the session is not read), and no CSRF token or session is made.
     */
    private void page(HttpServletRequest request, HttpServletResponse response, String name,
            Map<String, Object> extra) throws IOException {
        request.setAttribute(DispatcherServlet.LOCALE_RESOLVER_ATTRIBUTE, locales);
        Locale locale = locales.resolveLocale(request);
        Map<String, Object> model = new HashMap<>();
        model.put("signedIn", false);
        model.put("resident", false);
        model.put("signedInAdministrator", false);
        model.put("signedInIssuer", false);
        model.put("signedInRequester", false);
        model.put("withoutSession", true);
        model.put("currentPath", "/");
        model.put("requestId", MDC.get("requestId"));
        model.putAll(extra);
        try {
            View view = views.resolveViewName(name, locale);
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.setCharacterEncoding("UTF-8");
            view.render(model, request, response);
        }
        catch (IOException e) {
            throw e;
        }
        catch (Exception e) {
            throw new IOException("The page " + name + " could not be drawn", e);
        }
    }
}
