package org.tijori.gateway.partner;

import java.time.Duration;
import java.util.Objects;

/**
 * A partner request refused because a budget is spent: the address's failed authentications, or the resident's
 * searches of an issuer. Answered {@code 429 too_many_requests} with {@code Retry-After}.
 */
public class PartnerThrottledException extends RuntimeException {

    private final Duration wait;

    /**
     * @param wait how long the sender should wait before it tries again
     * @param description what was spent, in words
     */
    public PartnerThrottledException(Duration wait, String description) {
        super(Objects.requireNonNull(description, "description"));
        this.wait = Objects.requireNonNull(wait, "wait");
    }

    PartnerThrottledException(Duration wait) {
        this(wait, "Too many failed authentications from this address.");
    }

    public Duration waitFor() {
        return wait;
    }
}
