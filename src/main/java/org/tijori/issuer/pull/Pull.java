package org.tijori.issuer.pull;

import java.time.Instant;
import java.util.Locale;

import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.HindiNames;
import org.tijori.issuer.IssuerId;

/**
 * A search a resident started at an issuer (Pull URI), and where it stands.
 *
 * @param docName the doc type's name, or its code if the issuer no longer lists it
 * @param uri the document's URI once it is in the resident's locker, else null
 * @param detail what came of it in English words, for programs and logs; null while it runs
 * @param issuerNameHi the issuer's Hindi name, or null
 * @param docNameHi the doc type's Hindi name, or null
 */
public record Pull(PullId id, IssuerId issuer, String issuerName, DocTypeCode docType, String docName,
        PullState state, DocumentUri uri, String detail, Instant requestedAt, Instant finishedAt, String issuerNameHi,
        String docNameHi) {

    /** The issuer's name as a reader of this language reads it. */
    public String issuerName(Locale locale) {
        return HindiNames.pick(locale, issuerName, issuerNameHi);
    }

    /** The doc type's name as a reader of this language reads it. */
    public String docName(Locale locale) {
        return HindiNames.pick(locale, docName, docNameHi);
    }

    public boolean running() {
        return state == PullState.RUNNING;
    }
}
