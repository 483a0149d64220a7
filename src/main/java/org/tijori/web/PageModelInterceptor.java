package org.tijori.web;

import java.util.regex.Pattern;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.ResidentPrincipal;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Adds what the layout of every page shows: whether someone is signed in and who, the current path
 * (for navigation and the language switch) and the request ID.
 */
class PageModelInterceptor implements HandlerInterceptor {

    /** A path of printable ASCII without backslashes, as a request URI (still percent-encoded) is. */
    private static final Pattern ON_SITE_PATH = Pattern.compile("/[\\x21-\\x7E&&[^\\\\]]*");

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
            ModelAndView page) {
        if (page == null || (page.getViewName() != null && page.getViewName().startsWith("redirect:"))) {
            return;
        }
        decorate(request, page);
    }

    static void decorate(HttpServletRequest request, ModelAndView page) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        page.addObject("signedIn", signedIn);
        page.addObject("displayName", !signedIn ? null
                : authentication.getPrincipal() instanceof ResidentPrincipal resident ? resident.displayName()
                : authentication.getName());
        page.addObject("resident", signedIn && hasRole(authentication, ResidentPrincipal.ROLE));
        page.addObject("signedInAdministrator", signedIn && hasRole(authentication, "ROLE_ADMIN"));
        page.addObject("signedInIssuer", signedIn && hasRole(authentication, SecurityConfiguration.ISSUER_ROLE));
        page.addObject("signedInRequester", signedIn && hasRole(authentication, SecurityConfiguration.REQUESTER_ROLE));
        page.addObject("currentPath", currentPath(request));
        page.addObject("requestId", RequestIdFilter.idOf(request));
    }

    private static boolean hasRole(Authentication authentication, String role) {
        return authentication.getAuthorities().stream().anyMatch(authority -> role.equals(authority.getAuthority()));
    }

    /**
     * The path of the page, for links back to it (the language switch): always one that stays on this site.
     * An error page shows for whatever path was asked, and {@code //evil.example/x} written into a link is
     * another site's address; so are {@code /\evil.example} and paths with control characters to a browser.
     * Leading slashes and backslashes become one slash, and a path with anything unusual becomes the home page.
     */
    static String currentPath(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String path ? path : request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        path = "/" + path.replaceFirst("^[/\\\\]+", "");
        return ON_SITE_PATH.matcher(path).matches() ? path : "/";
    }
}
