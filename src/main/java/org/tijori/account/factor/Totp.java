package org.tijori.account.factor;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA1 over the number
 * of 30-second steps since the Unix epoch, dynamically truncated to six digits (RFC 4226). No library on
 * Maven Central that this build may use does it, and the algorithm is a few lines; the RFC's own test
 * vectors check it.
 */
public final class Totp {

    /** Seconds in one time step. */
    public static final int STEP_SECONDS = 30;

    /** Digits in a code. */
    public static final int DIGITS = 6;

    static final String SHA1 = "HmacSHA1";

    private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

    private Totp() {
    }

    /** The time step that {@code instant} falls in. */
    public static long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
    }

    /** The six-digit code of {@code step} for {@code secret}, as an app shows it (leading zeros kept). */
    public static String code(byte[] secret, long step) {
        return code(secret, step, SHA1, DIGITS);
    }

    /**
     * The code of a step with any HMAC and length; RFC 6238's vectors also use SHA-256 and SHA-512 with
     * eight digits.
     */
    static String code(byte[] secret, long step, String algorithm, int digits) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format(Locale.ROOT, "%0" + digits + "d", binary % POWERS[digits]);
    }

    /** Whether a typed code is the code of {@code step}, compared in constant time. */
    public static boolean matches(byte[] secret, long step, String typed) {
        return MessageDigest.isEqual(code(secret, step).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                typed.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Whether a person typed something that can be a code at all (six digits, spaces allowed between). */
    public static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        String digits = typed.replace(" ", "").strip();
        return digits.matches("[0-9]{" + DIGITS + "}") ? digits : null;
    }
}
