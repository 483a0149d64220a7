package org.tijori.account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The password form's check: Spring Security's own (with its timing protection for unknown usernames), and
 * then {@link TwoStepSignIn} decides what the password alone is worth for that account.
 */
@Component
class PasswordSignIn implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;

    private final TwoStepSignIn twoSteps;

    PasswordSignIn(SignInAccounts accounts, PasswordEncoder encoder, TwoStepSignIn twoSteps) {
        this.passwords = new DaoAuthenticationProvider(accounts);
        this.passwords.setPasswordEncoder(encoder);
        this.twoSteps = twoSteps;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        Authentication proven = passwords.authenticate(attempt);
        SignInAuthentication session = twoSteps.afterFirstFactor((UserDetails) proven.getPrincipal(),
                SignInFactors.PASSWORD, SignInEvents.PASSWORD);
        session.setDetails(attempt.getDetails());
        return session;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
