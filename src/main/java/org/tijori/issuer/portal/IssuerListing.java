package org.tijori.issuer.portal;

import java.util.List;
import java.util.Locale;

import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.HindiNames;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.portal.IssuerOverview.DocType;

/**
 * An approved issuer as residents find it in the directory, with the documents the resident who looks
 * already holds from it.
 *
 * @param category the code of its category ({@code central}, {@code state}, {@code education}...)
 * @param searchable whether it answers searches (Pull URI); otherwise it only sends documents to lockers
 * @param held how many live documents from this issuer are in the resident's locker
 * @param heldDocuments the most recent of those, newest first; at most a few
 * @param state the code of the state or union territory it serves, or null for the whole country
 * @param nameHi its Hindi name, or null
 */
public record IssuerListing(IssuerId issuerId, String name, String category, boolean searchable,
        List<DocType> docTypes, int held, List<HeldDocument> heldDocuments, String state, String nameHi) {

    /** The name as a reader of this language reads it: in Hindi when the issuer gave one. */
    public String name(Locale locale) {
        return HindiNames.pick(locale, name, nameHi);
    }

    /** A document of this issuer in the resident's locker. */
    public record HeldDocument(DocumentUri uri, String docName, DocumentStatus status) {
    }
}
