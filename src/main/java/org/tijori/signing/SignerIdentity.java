package org.tijori.signing;

import java.util.Objects;
import java.util.UUID;

/**
 * Who signs: the name printed in the signer's certificate and the locker it belongs to.
 *
 * @param name the signer's name: the name the national-ID authority holds when {@code verified}, else the
 *             resident's username; 1 to 200 characters, no control characters
 * @param verified whether the name comes from the national-ID authority; an unverified name is marked so in the
 *                 certificate's common name
 * @param lockerId the resident's locker ID, put in the certificate's {@code serialNumber} and {@code pseudonym}
 */
public record SignerIdentity(String name, boolean verified, UUID lockerId) {

    /** What an unverified name is followed by in the certificate's common name. */
    public static final String UNVERIFIED = " (unverified)";

    /** X.520's upper bound on a common name. */
    private static final int COMMON_NAME_MAX = 64;

    public SignerIdentity {
        Objects.requireNonNull(lockerId, "lockerId");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A signer needs a name");
        }
        name = name.strip();
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("A signer's name has 1 to 200 characters and no control characters");
        }
    }

    /**
     * The certificate's common name: the name, cut to fit 64 characters, followed by {@value #UNVERIFIED} when the
     * national-ID authority did not give it.
     */
    public String commonName() {
        String suffix = verified ? "" : UNVERIFIED;
        int room = COMMON_NAME_MAX - suffix.length();
        String shown = name.codePointCount(0, name.length()) <= room ? name
                : name.substring(0, name.offsetByCodePoints(0, room - 1)).strip() + "\u2026";
        return shown + suffix;
    }
}
