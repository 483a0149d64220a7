package org.tijori.sharing.web;

import java.util.Locale;

/** The languages Tijori writes in: Hindi when asked for, English otherwise. */
final class Languages {

    private static final Locale HINDI = Locale.forLanguageTag("hi");

    private Languages() {
    }

    static Locale of(Locale requested) {
        return requested != null && "hi".equals(requested.getLanguage()) ? HINDI : Locale.ENGLISH;
    }
}
