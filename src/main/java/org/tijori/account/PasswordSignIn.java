package org.tijori.account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * The password form's check, as Spring Security's only authentication provider (residents and administrators
 * alike): the {@link PasswordComparison} under the sign-in throttle, and then {@link TwoStepSignIn} decides what
 * the password alone is worth for that account.
 */
@Component
class PasswordSignIn implements AuthenticationProvider {

    private final PasswordComparison passwords;

    private final TwoStepSignIn twoSteps;

    PasswordSignIn(PasswordComparison passwords, TwoStepSignIn twoSteps) {
        this.passwords = passwords;
        this.twoSteps = twoSteps;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        SignInAuthentication session = twoSteps.afterFirstFactor(passwords.compare(attempt, twoSteps::hasSecondFactor),
                SignInFactors.PASSWORD, SignInEvents.PASSWORD);
        session.setDetails(attempt.getDetails());
        return session;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
