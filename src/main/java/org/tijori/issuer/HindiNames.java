package org.tijori.issuer;

import java.util.Locale;

import org.springframework.modulith.NamedInterface;

/**
 * Which of an issuer's or a doc type's two names a person reads: the Hindi one on Hindi pages when the issuer
 * gave one, the English one otherwise. Part of the documents interface, for the modules that show a document's
 * names on their own pages.
 */
@NamedInterface("documents")
public final class HindiNames {

    private HindiNames() {
    }

    /** The Hindi name for a Hindi reader when there is one, else the English name. */
    public static String pick(Locale locale, String english, String hindi) {
        boolean readsHindi = locale != null && "hi".equals(locale.getLanguage());
        return readsHindi && hindi != null && !hindi.isBlank() ? hindi : english;
    }
}
