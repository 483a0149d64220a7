package org.tijori.account.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.ResidentPrincipal;
import org.tijori.account.ResidentSessions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;

/**
 * What a resident's session knows of its sign-in and language. On the first page after a resident signs in, it
 * notes in the session on what and from roughly where (for the list of sessions on the profile), and sets the
 * page language to the one the resident chose last. Whenever a signed-in resident switches the language
 * ({@code ?lang=}), the account remembers it.
 */
class SignedInSessionInterceptor implements HandlerInterceptor {

    private final ResidentAccounts accounts;

    private final ObjectProvider<LocaleResolver> locales;

    SignedInSessionInterceptor(ResidentAccounts accounts, ObjectProvider<LocaleResolver> locales) {
        this.accounts = accounts;
        this.locales = locales;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn == null || !(signedIn.getPrincipal() instanceof ResidentPrincipal resident)) {
            return true;
        }
        HttpSession session = request.getSession(false);
        if (session == null) {
            return true;
        }
        Locale switched = switchedTo(request.getParameter("lang"));
        if (switched != null) {
            accounts.rememberLanguage(resident.accountId(), switched);
        }
        String account = resident.accountId().toString();
        if (!account.equals(session.getAttribute(ResidentSessions.ACCOUNT))) {
            session.setAttribute(ResidentSessions.ACCOUNT, account);
            session.setAttribute(ResidentSessions.DEVICE,
                    ResidentSessions.Device.of(request.getHeader("User-Agent")).stored());
            String address = ResidentSessions.approximate(request.getRemoteAddr());
            if (address != null) {
                session.setAttribute(ResidentSessions.ADDRESS, address);
            }
            session.setAttribute(ResidentSessions.SIGNED_IN_AT, System.currentTimeMillis());
            if (switched == null) {
                LocaleResolver resolver = locales.getIfAvailable();
                if (resolver != null) {
                    accounts.languageOf(resident.accountId())
                            .ifPresent(language -> resolver.setLocale(request, response, language));
                }
            }
        }
        return true;
    }

    private static Locale switchedTo(String lang) {
        if (lang == null) {
            return null;
        }
        return switch (lang) {
            case "en" -> Locale.ENGLISH;
            case "hi" -> Locale.forLanguageTag("hi");
            default -> null;
        };
    }
}
