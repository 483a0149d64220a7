package org.tijori.account;

import java.util.Locale;
import java.util.Optional;

import org.tijori.account.RateLimits.RateLimit;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing down without letting a stranger lock the owner out. Every password check takes a
 * try from three budgets before the password is compared: one for the username from one client address
 * (tight), one for the address whatever the username, and one for the username from anywhere (looser, against
 * guesses spread over many addresses). A right password gives its try back, so the budgets count wrong
 * passwords only, and however many requests arrive at once, no more passwords are compared than the budgets
 * hold. A guesser at one address spends that address's budget for the username, not the owner's elsewhere.
 * When guesses from many addresses have spent the username's own budget, its password alone signs nobody in
 * until the window passes; the owner still signs in another way (a code to the mobile, a passkey), and that
 * proof gives the budget back ({@link #provenOtherwise}). Counted in PostgreSQL, so that spreading the guesses
 * over nodes does not help.
 */
@Component
public class SignInThrottle {

    private final RateLimits limits;

    private final RateLimit perUsernameAndAddress;

    private final RateLimit perAddress;

    private final RateLimit perUsername;

    SignInThrottle(RateLimits limits, AccountProperties properties) {
        this.limits = limits;
        this.perUsernameAndAddress = new RateLimit("sign-in-failures-username-address",
                properties.signInFailuresPerUsernameAndAddress(), properties.signInFailureWindow());
        this.perAddress = new RateLimit("sign-in-failures-address", properties.signInFailuresPerAddress(),
                properties.signInFailureWindow());
        this.perUsername = new RateLimit("sign-in-failures-username", properties.signInFailuresPerUsername(),
                properties.signInFailureWindow());
    }

    /**
     * Takes a try for comparing a password of {@code username} from {@code address}; call it before the
     * comparison, and {@link #giveBack} when the password was right.
     *
     * @return the try, or empty when the password must not be compared at all (too many wrong ones for this
     *         username from this address, or from this address); a try whose {@link PasswordTry#usernameSpent()}
     *         may be compared only where the password alone signs nobody in (a second factor follows), and
     *         otherwise must be given back unused
     */
    public Optional<PasswordTry> take(String username, String address) {
        String name = normalized(username);
        String from = address == null || address.isBlank() ? "unknown" : address;
        String pair = name + "|" + from;
        if (!limits.tryAcquire(perUsernameAndAddress, pair)) {
            return Optional.empty();
        }
        if (!limits.tryAcquire(perAddress, from)) {
            limits.giveBack(perUsernameAndAddress, pair);
            return Optional.empty();
        }
        boolean usernameSpent = !limits.tryAcquire(perUsername, name);
        return Optional.of(new PasswordTry(name, from, usernameSpent));
    }

    /** The password was right, or was not compared after all: the try does not count. */
    public void giveBack(PasswordTry tried) {
        limits.giveBack(perUsernameAndAddress, tried.username() + "|" + tried.address());
        limits.giveBack(perAddress, tried.address());
        if (!tried.usernameSpent()) {
            limits.giveBack(perUsername, tried.username());
        }
    }

    /**
     * The person behind {@code username} has just proven who they are without the password (a code to the
     * account's mobile, a passkey, a second factor): the username's budget, and that of this address for it,
     * are full again, so a stranger's guesses elsewhere no longer keep the owner from their password.
     */
    public void provenOtherwise(String username, String address) {
        String name = normalized(username);
        limits.reset(perUsername, name);
        if (address != null && !address.isBlank()) {
            limits.reset(perUsernameAndAddress, name + "|" + address);
        }
    }

    /**
     * The same, for a principal that has just proven itself: a resident's principal is named by its account ID,
     * while the budgets know the username that the password form is given.
     */
    public void provenOtherwise(UserDetails principal, String address) {
        provenOtherwise(principal instanceof ResidentPrincipal resident ? resident.displayName()
                : principal.getUsername(), address);
    }

    private static String normalized(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        // Bucket keys are stored; a name longer than any username can be is cut rather than kept whole.
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /**
     * One try taken for comparing a password.
     *
     * @param username the username, as the budgets know it
     * @param address the client address it came from
     * @param usernameSpent whether the username's own budget was already spent, so that this try took nothing
     *                      from it
     */
    public record PasswordTry(String username, String address, boolean usernameSpent) {
    }
}
