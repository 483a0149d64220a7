package org.tijori.account;

import java.util.function.Predicate;

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
 * The one place where Tijori compares a password: for the sign-in form ({@link PasswordSignIn}) and for the
 * password asked again before a sensitive change. A try is taken from the {@link SignInThrottle} before the
 * comparison and given back when the password is right. Spring Security's own provider does the comparison,
 * with its care for unknown usernames (the same work as a wrong password).
 */
@Component
class PasswordComparison {

    private final SignInAccounts accounts;

    private final DaoAuthenticationProvider passwords;

    private final SignInThrottle throttle;

    PasswordComparison(SignInAccounts accounts, PasswordEncoder encoder, SignInThrottle throttle) {
        this.accounts = accounts;
        this.passwords = new DaoAuthenticationProvider(accounts);
        this.passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
    }

    /**
     * Takes a try, then compares. When guesses from elsewhere have spent the username's budget, its password
     * alone proves nothing, unless {@code proofFollows} says that another proof must follow it for this account
     * (a second factor): that proof is what the spent budget asks for, and the budgets per address still bound
     * the guessing.
     *
     * @return the account whose password it is
     * @throws SignInThrottledException when the try was not compared
     */
    UserDetails compare(Authentication attempt, Predicate<UserDetails> proofFollows) throws AuthenticationException {
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
                : null;
        SignInThrottle.PasswordTry tried = throttle.take(attempt.getName(), address)
                .orElseThrow(SignInThrottledException::new);
        if (tried.usernameSpent() && !proofFollows(attempt.getName(), proofFollows)) {
            throttle.giveBack(tried);
            throw new SignInThrottledException();
        }
        Authentication authenticated = passwords.authenticate(attempt);
        throttle.giveBack(tried);
        return (UserDetails) authenticated.getPrincipal();
    }

    /** Compares the password of an account that is already signed in, under the same budgets as a sign-in. */
    PasswordCheck check(String username, String password, String address) {
        var attempt = UsernamePasswordAuthenticationToken.unauthenticated(username, password == null ? "" : password);
        attempt.setDetails(new WebAuthenticationDetails(address, null));
        try {
            compare(attempt, account -> false);
            return PasswordCheck.RIGHT;
        }
        catch (SignInThrottledException e) {
            return PasswordCheck.THROTTLED;
        }
        catch (AuthenticationException e) {
            return PasswordCheck.WRONG;
        }
    }

    private boolean proofFollows(String username, Predicate<UserDetails> proofFollows) {
        try {
            return proofFollows.test(accounts.loadUserByUsername(username));
        }
        catch (UsernameNotFoundException e) {
            return false;
        }
    }

    enum PasswordCheck {
        RIGHT, WRONG, THROTTLED
    }
}
