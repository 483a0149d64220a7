package org.tijori.account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The one place where Tijori compares a password: for the sign-in form (residents and administrators alike, as
 * the authentication provider of Spring Security) and for the password asked again before a sensitive change.
 * A try is taken from the {@link SignInThrottle} before the comparison and given back when the password is
 * right. Spring Security's own provider does the comparison, with its care for unknown usernames (the same
 * work as a wrong password). Then {@link TwoStepSignIn} decides what the password alone is worth for that
 * account.
 */
@Component
class PasswordSignIn implements AuthenticationProvider {

    private final SignInAccounts accounts;

    private final DaoAuthenticationProvider passwords;

    private final SignInThrottle throttle;

    private final TwoStepSignIn twoSteps;

    PasswordSignIn(SignInAccounts accounts, PasswordEncoder encoder, SignInThrottle throttle, TwoStepSignIn twoSteps) {
        this.accounts = accounts;
        this.passwords = new DaoAuthenticationProvider(accounts);
        this.passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
        this.twoSteps = twoSteps;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        Authentication proven = compare(attempt, true);
        SignInAuthentication session = twoSteps.afterFirstFactor((UserDetails) proven.getPrincipal(),
                SignInFactors.PASSWORD, SignInEvents.PASSWORD);
        session.setDetails(attempt.getDetails());
        return session;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Compares the password of an account that is already signed in, under the same budgets as a sign-in. */
    PasswordCheck check(String username, String password, String address) {
        var attempt = UsernamePasswordAuthenticationToken.unauthenticated(username, password == null ? "" : password);
        attempt.setDetails(new WebAuthenticationDetails(address, null));
        try {
            compare(attempt, false);
            return PasswordCheck.RIGHT;
        }
        catch (SignInThrottledException e) {
            return PasswordCheck.THROTTLED;
        }
        catch (AuthenticationException e) {
            return PasswordCheck.WRONG;
        }
    }

    /**
     * Takes a try, then compares. When guesses from elsewhere have spent the username's budget, its password
     * alone signs nobody in, unless a second factor must follow it at sign-in: that factor is the proof the
     * spent budget asks for, and the budgets per address still bound the guessing.
     */
    private Authentication compare(Authentication attempt, boolean signIn) {
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
                : null;
        SignInThrottle.PasswordTry tried = throttle.take(attempt.getName(), address)
                .orElseThrow(SignInThrottledException::new);
        if (tried.usernameSpent() && !(signIn && secondFactorFollows(attempt.getName()))) {
            throttle.giveBack(tried);
            throw new SignInThrottledException();
        }
        Authentication authenticated = passwords.authenticate(attempt);
        throttle.giveBack(tried);
        return authenticated;
    }

    private boolean secondFactorFollows(String username) {
        try {
            return twoSteps.hasSecondFactor(accounts.loadUserByUsername(username));
        }
        catch (UsernameNotFoundException e) {
            return false;
        }
    }

    enum PasswordCheck {
        RIGHT, WRONG, THROTTLED
    }
}
