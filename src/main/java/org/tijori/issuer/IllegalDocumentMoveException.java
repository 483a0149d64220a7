package org.tijori.issuer;

import java.util.Locale;

/**
 * A version of an issued document was asked to move where its status does not allow: a superseded or
 * deleted version is history, and nothing but a live status can be asked for.
 */
public class IllegalDocumentMoveException extends IllegalStateException {

    private final DocumentStatus from;

    public IllegalDocumentMoveException(DocumentStatus from, String moved) {
        super("A version of a document that is " + from.name().toLowerCase(Locale.ROOT) + " cannot be " + moved
                + ".");
        this.from = from;
    }

    /** The status that refused the move. */
    DocumentStatus from() {
        return from;
    }
}
