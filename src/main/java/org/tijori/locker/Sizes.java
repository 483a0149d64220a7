package org.tijori.locker;

import java.util.Locale;

/**
 * Sizes as people read them: {@code 64 KB}, {@code 1.5 MB}, {@code 1.0 GB}.
 */
public final class Sizes {

    private Sizes() {
    }

    public static String describe(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024)).replace(".0 ", " ");
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024)).replace(".0 ", " ");
    }
}
