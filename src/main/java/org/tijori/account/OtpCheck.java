package org.tijori.account;

/**
 * The outcome of checking a one-time password.
 */
public sealed interface OtpCheck {

    /** The code was right; the mobile number is proven for this purpose and flow. */
    record Confirmed(MobileNumber mobile, String subject) implements OtpCheck {
    }

    /** The code was wrong; this many tries are left. */
    record Rejected(int attemptsLeft) implements OtpCheck {
    }

    /** The code is older than its ten minutes. */
    record Expired() implements OtpCheck {
    }

    /** Five wrong codes ended this one. */
    record Exhausted() implements OtpCheck {
    }

    /** No code is waiting in this flow for this purpose (never sent, or already used). */
    record Unknown() implements OtpCheck {
    }
}
