package org.tijori.sharing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret part of a share link, {@code /s/{token}}: 256 random bits in base64url (43 characters). Tijori keeps
 * only its SHA-256; the token itself is in the recipient's e-mail and nowhere else. It redacts itself in
 * {@code toString()}, so that no log line or trail entry carries it.
 */
public record ShareToken(String value) {

    static final int LENGTH = 43;

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{" + LENGTH + "}");

    private static final SecureRandom RANDOM = new SecureRandom();

    public ShareToken {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("A share token is " + LENGTH + " base64url characters");
        }
    }

    static ShareToken random() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return new ShareToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    /** Reads a token from a link; text of another form is no token. */
    public static Optional<ShareToken> parse(String text) {
        return text != null && FORM.matcher(text).matches() ? Optional.of(new ShareToken(text)) : Optional.empty();
    }

    /** What Tijori keeps of it. */
    byte[] sha256() {
        return sha256(value);
    }

    /** The SHA-256 of any text: an unknown token's costs what a known one's does. */
    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "ShareToken[redacted]";
    }
}
