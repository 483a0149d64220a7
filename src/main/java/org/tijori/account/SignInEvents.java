package org.tijori.account;

import org.tijori.account.events.SignInFailed;
import org.tijori.account.events.SignedOut;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Turns Spring Security's sign-in outcomes into this module's events, so that they reach the trail.
 */
@Component
class SignInEvents {

    static final String PASSWORD = "password";

    private final ApplicationEventPublisher events;

    private final TwoStepSignIn twoSteps;

    SignInEvents(ApplicationEventPublisher events, TwoStepSignIn twoSteps) {
        this.events = events;
        this.twoSteps = twoSteps;
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

    /**
     * A password that was compared and found wrong. A try the throttle refused is not compared and raises no
     * failure event (Spring Security publishes none for {@link SignInThrottledException}).
     */
    @EventListener
    void on(AbstractAuthenticationFailureEvent failure) {
        if (failure.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt) {
            events.publishEvent(new SignInFailed(String.valueOf(attempt.getPrincipal()), PASSWORD));
        }
    }
}
