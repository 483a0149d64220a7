package org.tijori.issuer;

import org.springframework.modulith.NamedInterface;

/**
 * An issuer's ID, DigiLocker's {@code orgId}: lower-case words joined by dots, such as
 * {@code in.gov.cbse}. It never holds a hyphen, which separates the parts of a document URI.
 */
@NamedInterface("pulls")
public record IssuerId(String value) {

    public IssuerId {
        if (value == null || value.length() < 2 || value.length() > 64 || !wellFormed(value)) {
            throw new IllegalArgumentException("An issuer ID is 2 to 64 lower-case letters and digits in words "
                    + "joined by dots, such as in.gov.cbse.");
        }
    }

    /**
     * {@code [a-z0-9]+(\.[a-z0-9]+)*}, checked character by character: every issued document's URI is read through
     * here, hundreds of times a second.
     */
    private static boolean wellFormed(String value) {
        char previous = '.';
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.' ? previous == '.' : !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
            previous = c;
        }
        return previous != '.';
    }

    @Override
    public String toString() {
        return value;
    }
}
