package org.tijori.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** How long a resident lets a requester reach what a consent covers, as the consent page offers it. */
public enum ConsentDuration {

    /** This time only: one access token, no refresh token. */
    ONCE,
    /** A day. */
    DAY,
    /** Thirty days. */
    MONTH,
    /** A year (365 days). */
    YEAR;

    /**
     * When a consent given at {@code grantedAt} ends.
     *
     * @param accessTokenLifetime how long one access token lives, which is how long {@code ONCE} lasts
     */
    public Instant endOf(Instant grantedAt, Duration accessTokenLifetime) {
        return grantedAt.plus(switch (this) {
            case ONCE -> accessTokenLifetime;
            case DAY -> Duration.ofDays(1);
            case MONTH -> Duration.ofDays(30);
            case YEAR -> Duration.ofDays(365);
        });
    }

    /** The form's value: {@code once}, {@code day}, {@code month}, {@code year}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The duration a form's value names, if any. */
    public static Optional<ConsentDuration> named(String value) {
        for (ConsentDuration duration : values()) {
            if (duration.value().equals(value)) {
                return Optional.of(duration);
            }
        }
        return Optional.empty();
    }
}
