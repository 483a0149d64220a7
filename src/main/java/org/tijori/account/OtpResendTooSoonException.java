package org.tijori.account;

import java.time.Duration;

/**
 * A new code was asked for before 30 seconds had passed.
 */
public class OtpResendTooSoonException extends RuntimeException {

    private final Duration wait;

    public OtpResendTooSoonException(Duration wait) {
        super("Wait " + wait.toSeconds() + " seconds before asking for a new code");
        this.wait = wait;
    }

    public Duration waitFor() {
        return wait;
    }
}
