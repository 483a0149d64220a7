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
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class VerificationLimits extends OncePerRequestFilter {

    static final String API = "/api/v1/verify";

    static final String PAGES = "/verify/";

    private final VerificationAdmission admission;

    private final JsonMapper json;

    private final ViewResolver views;

    private final LocaleResolver locales;

    VerificationLimits(VerificationAdmission admission, JsonMapper json, ViewResolver thymeleafViewResolver,
            LocaleResolver localeResolver) {
        this.admission = admission;
        this.json = json;
        this.views = thymeleafViewResolver;
        this.locales = localeResolver;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
                || !(path.equals(API) || path.startsWith(API + "/") || path.startsWith(PAGES));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration wait = admission.admit(request.getRemoteAddr());
        if (wait.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        tooMany(request, response, wait, json, request.getRequestURI().startsWith(API) ? null : this);
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
        pages.page(request, response, wait);
    }

    /**
     * The page, drawn here rather than by a controller: the request never reaches Spring MVC. Nobody is taken
     * for signed in (the session is not read), and no CSRF token or session is made.
     */
    private void page(HttpServletRequest request, HttpServletResponse response, Duration wait) throws IOException {
        request.setAttribute(DispatcherServlet.LOCALE_RESOLVER_ATTRIBUTE, locales);
        Locale locale = locales.resolveLocale(request);
        Map<String, Object> model = new HashMap<>();
        model.put("signedIn", false);
        model.put("resident", false);
        model.put("signedInAdministrator", false);
        model.put("signedInIssuer", false);
        model.put("withoutSession", true);
        model.put("currentPath", "/");
        model.put("requestId", MDC.get("requestId"));
        model.put("retryAfterSeconds", VerificationAnswers.retryAfter(wait));
        try {
            View view = views.resolveViewName("verify/too-many", locale);
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.setCharacterEncoding("UTF-8");
            view.render(model, request, response);
        }
        catch (IOException e) {
            throw e;
        }
        catch (Exception e) {
            throw new IOException("The page of a spent address could not be drawn", e);
        }
    }
}
