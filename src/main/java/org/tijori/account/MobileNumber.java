package org.tijori.account;

import java.util.regex.Pattern;

import org.tijori.InvalidInputException;

/**
 * An Indian mobile number: ten digits, the first 6 to 9. Accepts the usual ways people write it
 * ({@code +91 98765 43210}, {@code 098765-43210}) and keeps the ten digits. Shows only its last three
 * digits in {@code toString()}, so that logs do not collect phone numbers.
 *
 * @param value the ten digits
 */
public record MobileNumber(String value) {

    private static final Pattern TEN_DIGITS = Pattern.compile("[6-9][0-9]{9}");

    public MobileNumber {
        if (value == null || !TEN_DIGITS.matcher(value).matches()) {
            throw new InvalidInputException("refusal.mobile", "A mobile number has 10 digits and starts with 6, 7, 8 or 9");
        }
    }

    /**
     * Reads a number as a person typed it.
     *
     * @throws IllegalArgumentException when it is not an Indian mobile number
     */
    public static MobileNumber parse(String typed) {
        if (typed == null) {
            throw new InvalidInputException("refusal.mobile.missing", "A mobile number is needed");
        }
        String digits = typed.replaceAll("[\\s()-]", "");
        if (digits.startsWith("+91")) {
            digits = digits.substring(3);
        }
        else if (digits.length() == 12 && digits.startsWith("91")) {
            digits = digits.substring(2);
        }
        else if (digits.length() == 11 && digits.startsWith("0")) {
            digits = digits.substring(1);
        }
        return new MobileNumber(digits);
    }

    /** The number as shown on screens: {@code ******3210}. */
    public String masked() {
        return "******" + value.substring(6);
    }

    @Override
    public String toString() {
        return masked();
    }
}
