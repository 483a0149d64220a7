package org.tijori.identity;

/**
 * The Verhoeff check digit (dihedral group D5), which Aadhaar numbers carry as their last digit. It
 * catches every single-digit error and every swap of two adjacent digits.
 */
final class Verhoeff {

    /** Multiplication in D5. */
    private static final int[][] D = {
            { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
            { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
            { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
            { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
            { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
            { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
            { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
            { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
            { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
            { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 } };

    /** The permutation applied to a digit by its position from the right, repeating every 8 positions. */
    private static final int[][] P = {
            { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
            { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
            { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
            { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
            { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 },
            { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
            { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 },
            { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 } };

    /** Inverses in D5. */
    private static final int[] INV = { 0, 4, 3, 2, 1, 5, 6, 7, 8, 9 };

    private Verhoeff() {
    }

    /** Whether {@code digits} (ASCII digits, the check digit last) carries a correct check digit. */
    static boolean isValid(String digits) {
        if (!isDigits(digits)) {
            return false;
        }
        int c = 0;
        for (int i = 0; i < digits.length(); i++) {
            c = D[c][P[i % 8][digitFromRight(digits, i)]];
        }
        return c == 0;
    }

    /**
     * The check digit to append to {@code digitsWithoutCheck}.
     *
     * @throws IllegalArgumentException when it is empty or holds anything but ASCII digits
     */
    static char checkDigit(String digitsWithoutCheck) {
        if (!isDigits(digitsWithoutCheck)) {
            throw new IllegalArgumentException("Only the digits 0 to 9 have a Verhoeff check digit");
        }
        int c = 0;
        for (int i = 0; i < digitsWithoutCheck.length(); i++) {
            c = D[c][P[(i + 1) % 8][digitFromRight(digitsWithoutCheck, i)]];
        }
        return (char) ('0' + INV[c]);
    }

    private static int digitFromRight(String digits, int position) {
        return digits.charAt(digits.length() - 1 - position) - '0';
    }

    private static boolean isDigits(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
