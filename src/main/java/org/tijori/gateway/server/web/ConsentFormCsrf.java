package org.tijori.gateway.server.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.web.DigiLockerErrors;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The consent page's answer must carry the page's CSRF token (ADR 23): Spring Security's authorization server exempts
 * its endpoints from CSRF, the consent POST among them, so another site could otherwise make a signed-in resident's
 * browser post "allow" with a {@code state} it saw. This second filter reads the token the pages' chain keeps in the
 * session, and requires it on {@code POST /public/oauth2/1/authorize} only.
 */
final class ConsentFormCsrf {

    static final String AUTHORIZE = "/public/oauth2/1/authorize";

    private ConsentFormCsrf() {
    }

    static CsrfFilter filter() {
        CsrfFilter filter = new CsrfFilter(new HttpSessionCsrfTokenRepository());
        filter.setRequireCsrfProtectionMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, AUTHORIZE));
        filter.setRequestHandler(new XorCsrfTokenRequestAttributeHandler());
        filter.setAccessDeniedHandler((request, response, denied) -> refuse(response));
        return filter;
    }

    private static void refuse(HttpServletResponse response) throws IOException {
        DigiLockerErrors.write(response, HttpStatus.FORBIDDEN, "access_denied",
                "The consent form was not sent from Tijori's consent page");
    }
}
