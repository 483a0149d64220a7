package org.tijori.account;

import java.time.Instant;

/**
 * A one-time password on its way.
 *
 * @param flow the token that binds the code to the browser session that asked for it
 * @param mobile where it was sent
 * @param expiresAt until when the code is valid
 * @param resendAt when a new code may be asked for at the earliest
 */
public record OtpChallenge(String flow, MobileNumber mobile, Instant expiresAt, Instant resendAt) {

    @Override
    public String toString() {
        return "OtpChallenge[mobile=" + mobile + ", expiresAt=" + expiresAt + "]";
    }
}
