package org.tijori.account;

import org.tijori.account.events.SignInFailed;
import org.tijori.account.events.SignedOut;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Turns Spring Security's sign-in outcomes into this module's events, so that they reach the trail.
 */
@Component
class SignInEvents {

    static final String PASSWORD = "password";

    private final ApplicationEventPublisher events;

    private final SignInThrottle throttle;

    private final TwoStepSignIn twoSteps;

    SignInEvents(ApplicationEventPublisher events, SignInThrottle throttle, TwoStepSignIn twoSteps) {
        this.events = events;
        this.throttle = throttle;
        this.twoSteps = twoSteps;
    }

    private static String clientAddress(UsernamePasswordAuthenticationToken attempt) {
        return attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }

    @EventListener
    void on(LogoutSuccessEvent signedOut) {
        events.publishEvent(new SignedOut(signedOut.getAuthentication().getName()));
    }

    /** A sign-in by a filter (the password form, a passkey), once the session holds it. */
    @EventListener
    void on(InteractiveAuthenticationSuccessEvent success) {
        twoSteps.announce(success.getAuthentication());
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent failure) {
        if (failure.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt) {
            String username = String.valueOf(attempt.getPrincipal());
            throttle.failed(username, clientAddress(attempt));
            events.publishEvent(new SignInFailed(username, PASSWORD));
        }
    }
}
