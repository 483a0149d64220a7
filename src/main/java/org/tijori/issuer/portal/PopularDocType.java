package org.tijori.issuer.portal;

import java.util.Locale;

import org.tijori.issuer.HindiNames;
import org.tijori.issuer.IssuerId;

/**
 * A doc type that many residents hold, as the directory shows it among its popular documents.
 *
 * @param searchable whether its issuer answers searches, so that a resident can fetch one
 * @param issuerNameHi the issuer's Hindi name, or null
 * @param nameHi the doc type's Hindi name, or null
 */
public record PopularDocType(IssuerId issuerId, String issuerName, String code, String name, boolean searchable,
        String issuerNameHi, String nameHi) {

    /** The issuer's name as a reader of this language reads it. */
    public String issuerName(Locale locale) {
        return HindiNames.pick(locale, issuerName, issuerNameHi);
    }

    /** The doc type's name as a reader of this language reads it. */
    public String name(Locale locale) {
        return HindiNames.pick(locale, name, nameHi);
    }
}
