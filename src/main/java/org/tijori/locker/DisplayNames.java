package org.tijori.locker;

import java.util.regex.Pattern;

/**
 * Names people give files, made safe to show and to send in a download header: no folders (a name is
 * only what follows the last slash or backslash), no control or bidirectional-override characters
 * (which could split a header or disguise an extension), no leading dots, at most 200 characters.
 */
public final class DisplayNames {

    static final int MAX_LENGTH = 200;

    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]");

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private DisplayNames() {
    }

    /** The safe form of {@code name}, or {@code fallback} when nothing of it is left. */
    public static String clean(String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String cleaned = SPACES.matcher(UNSAFE.matcher(base).replaceAll("")).replaceAll(" ").strip();
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1).strip();
        }
        if (cleaned.length() > MAX_LENGTH) {
            int dot = cleaned.lastIndexOf('.');
            String extension = dot > 0 && cleaned.length() - dot <= 10 ? cleaned.substring(dot) : "";
            cleaned = cleaned.substring(0, MAX_LENGTH - extension.length()).strip() + extension;
        }
        return cleaned.isEmpty() ? fallback : cleaned;
    }
}
