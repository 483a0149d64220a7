package org.tijori.account;

import java.time.Duration;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after ten failed sign-ins to one username, or fifty from one address,
 * within fifteen minutes, further tries are refused until the window passes. Counted in PostgreSQL so
 * that spreading the guesses over nodes does not help.
 */
@Component
public class SignInThrottle {

    static final RateLimits.RateLimit PER_USERNAME = new RateLimits.RateLimit("sign-in-failures-username", 10,
            Duration.ofMinutes(15));

    static final RateLimits.RateLimit PER_ADDRESS = new RateLimits.RateLimit("sign-in-failures-address", 50,
            Duration.ofMinutes(15));

    private final RateLimits limits;

    SignInThrottle(RateLimits limits) {
        this.limits = limits;
    }

    /** Whether another try for this username from this address may be checked at all. */
    public boolean allows(String username, String address) {
        return limits.hasCapacity(PER_USERNAME, key(username)) && limits.hasCapacity(PER_ADDRESS, address);
    }

    void failed(String username, String address) {
        limits.tryAcquire(PER_USERNAME, key(username));
        if (address != null) {
            limits.tryAcquire(PER_ADDRESS, address);
        }
    }

    private static String key(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}
