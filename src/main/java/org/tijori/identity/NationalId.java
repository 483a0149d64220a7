package org.tijori.identity;

import java.util.regex.Pattern;

import org.tijori.InvalidInputException;

/**
 * A national ID number (Aadhaar's rules): 12 digits, the first 2 to 9, the last a Verhoeff check
 * digit. An invalid number never becomes a {@code NationalId}, so it never reaches a look-up.
 * {@code toString()} shows only the last four digits, as screens do.
 *
 * @param value the 12 digits
 */
public record NationalId(String value) {

    private static final Pattern TWELVE_DIGITS = Pattern.compile("[0-9]{12}");

    /** What people put between the groups of four: spaces of any kind and hyphens. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Zs}-]");

    /**
     * @throws IllegalArgumentException naming the rule the number breaks; the message never holds the number
     */
    public NationalId {
        if (value == null || !TWELVE_DIGITS.matcher(value).matches()) {
            throw new InvalidInputException("refusal.nationalId.digits", "A national ID must have 12 digits");
        }
        if (value.charAt(0) == '0' || value.charAt(0) == '1') {
            throw new InvalidInputException("refusal.nationalId.start", "A national ID cannot start with 0 or 1");
        }
        if (!Verhoeff.isValid(value)) {
            throw new InvalidInputException("refusal.nationalId.check", "The national ID's check digit does not match: mistyped?");
        }
    }

    /**
     * Reads a number as a person typed it ({@code 2345 6789 0124}, {@code 2345-6789-0124}).
     *
     * @throws IllegalArgumentException naming the rule the number breaks
     */
    public static NationalId parse(String typed) {
        if (typed == null) {
            throw new InvalidInputException("refusal.nationalId.digits", "A national ID must have 12 digits");
        }
        return new NationalId(SEPARATORS.matcher(typed).replaceAll(""));
    }

    /** The last four digits, the only ones screens and logs show. */
    public String lastFour() {
        return value.substring(8);
    }

    /** The number as shown on screens: {@code XXXX XXXX 1234}. */
    public String masked() {
        return "XXXX XXXX " + lastFour();
    }

    @Override
    public String toString() {
        return masked();
    }
}
