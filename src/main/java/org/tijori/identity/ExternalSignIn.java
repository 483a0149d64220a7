package org.tijori.identity;

import java.io.IOException;
import java.io.Serializable;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.web.SignInResume;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.SessionSignIn;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * What happens after an external provider vouched for someone: a linked locker is signed in; an
 * unlinked external account signs nobody in, and is remembered in the session until the person
 * proves a locker's mobile number (see {@code /login/external}).
 */
@Component
public class ExternalSignIn implements AuthenticationSuccessHandler {

    public static final String PENDING = "tijori.external.pending";

    private final ExternalAccounts external;

    private final ResidentAccounts accounts;

    private final SessionSignIn signIn;

    ExternalSignIn(ExternalAccounts external, ResidentAccounts accounts, SessionSignIn signIn) {
        this.external = external;
        this.accounts = accounts;
        this.signIn = signIn;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        var token = (OAuth2AuthenticationToken) authentication;
        String provider = token.getAuthorizedClientRegistrationId();
        String subject = token.getName();
        // The provider's word alone never signs anyone in to a locker.
        SecurityContextHolder.clearContext();
        new HttpSessionSecurityContextRepository().saveContext(SecurityContextHolder.createEmptyContext(), request,
                response);
        Optional<ResidentAccount> linked = external.accountOf(provider, subject).flatMap(accounts::find)
                .filter(account -> !account.deletionScheduled());
        if (linked.isPresent()) {
            signIn.signIn(linked.get(), "oidc:" + provider, request, response);
            response.sendRedirect(request.getContextPath() + SignInResume.landing(request, "/dashboard"));
            return;
        }
        request.getSession().setAttribute(PENDING, new Pending(provider, subject));
        response.sendRedirect(request.getContextPath() + "/login/external");
    }

    /** An external account waiting to be linked, kept in the session of the browser that brought it. */
    public record Pending(String provider, String subject) implements Serializable {
    }
}
