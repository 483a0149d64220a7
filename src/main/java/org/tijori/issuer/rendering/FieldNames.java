package org.tijori.issuer.rendering;

/** The names of a Certificate XML's elements and attributes, as words a person reads. */
public final class FieldNames {

    private FieldNames() {
    }

    /**
     * {@code marksTotal} as "Marks total", {@code DateOfBirth} as "Date of birth", {@code SSCNumber} as "SSC number",
     * {@code roll_no} as "Roll no": words split where the case changes, and only the first one capitalised (an
     * acronym stays as it is).
     */
    public static String words(String name) {
        StringBuilder words = new StringBuilder(name.length() + 4);
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            boolean end = i == name.length();
            char c = end ? 0 : name.charAt(i);
            boolean separator = c == '_' || c == '-' || c == '.';
            boolean boundary = !end && !separator && i > start && Character.isUpperCase(c)
                    && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1))
                            || i + 1 < name.length() && Character.isUpperCase(name.charAt(i - 1))
                                    && Character.isLowerCase(name.charAt(i + 1)));
            if (end || separator || boundary) {
                word(name.substring(start, i), words);
                start = separator ? i + 1 : i;
            }
        }
        return words.toString();
    }

    private static void word(String word, StringBuilder words) {
        if (word.isEmpty()) {
            return;
        }
        boolean acronym = word.length() > 1 && word.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c));
        if (!words.isEmpty()) {
            words.append(' ');
            words.append(acronym ? word : Character.toLowerCase(word.charAt(0)) + word.substring(1));
        }
        else {
            words.append(acronym ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
    }
}
