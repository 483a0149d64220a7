package org.tijori.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.events.SignedOutEverywhere;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Signs a resident in after a proof other than the password form (a mobile OTP, a national-ID OTP,
 * an external account), as far as that proof goes (see {@link TwoStepSignIn}), and ends sessions: all of
 * them, or all but the current one.
 */
@Component
@NamedInterface("pages")
public class SessionSignIn {

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;

    private final ApplicationEventPublisher events;

    private final TwoStepSignIn twoSteps;

    private final SignInThrottle throttle;

    /** The session store exists only in a web application; tools that run without one never end sessions. */
    SessionSignIn(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions,
            ApplicationEventPublisher events, TwoStepSignIn twoSteps, SignInThrottle throttle) {
        this.sessions = sessions;
        this.events = events;
        this.twoSteps = twoSteps;
        this.throttle = throttle;
    }

    /**
     * Signs the resident in for this browser, with a new session ID (no fixation). The proof counts against
     * strangers' password guesses too: the owner's password works again ({@link SignInThrottle#provenOtherwise}).
     *
     * @param method how the resident proved who they are, e.g. {@code mobile-otp}
     */
    public void signIn(ResidentAccount account, String method, HttpServletRequest request,
            HttpServletResponse response) {
        var principal = new ResidentPrincipal(account.id(), account.username(), null);
        throttle.provenOtherwise(account.username(), request.getRemoteAddr());
        save(twoSteps.afterFirstFactor(principal, factorOf(method), method), request, response);
    }

    /**
     * Puts a sign-in in this browser's session with a new session ID (no fixation), and tells the trail what
     * it reached. An account with a second factor is then only waiting for it: its pages send the person to
     * {@code /login/second-factor}.
     */
    public void save(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        request.getSession();
        request.changeSessionId();
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        if (SignInFactors.hasSecondFactor(authentication)
                && authentication.getPrincipal() instanceof UserDetails user) {
            throttle.provenOtherwise(user, request.getRemoteAddr());
        }
        twoSteps.announce(authentication);
    }

    /** What a way of signing in proves: a code by SMS, or an external provider's word. */
    private static String factorOf(String method) {
        return method.startsWith("oidc:") ? SignInFactors.EXTERNAL : SignInFactors.SMS;
    }

    /** Ends every session of the account, on every node. */
    public void signOutEverywhere(AccountId account) {
        endSessions(account, null);
        events.publishEvent(new SignedOutEverywhere(account));
    }

    /** Ends every session of the account except the one with this ID. */
    public void endOtherSessions(AccountId account, String keepSessionId) {
        endSessions(account.toString(), keepSessionId);
    }

    /**
     * Ends every other session of whoever is signed in here (a resident or an administrator): after a change to
     * how they sign in, a session that an attacker may hold must not outlive it.
     */
    public void endOtherSessions(Authentication signedIn, String keepSessionId) {
        endSessions(signedIn.getName(), keepSessionId);
    }

    private void endSessions(AccountId account, String keep) {
        endSessions(account.toString(), keep);
    }

    private void endSessions(String principalName, String keep) {
        FindByIndexNameSessionRepository<? extends Session> store = sessions.getObject();
        for (String id : store.findByPrincipalName(principalName).keySet()) {
            if (!id.equals(keep)) {
                store.deleteById(id);
            }
        }
    }
}
