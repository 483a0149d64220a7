package org.tijori.sharing;

import java.util.Locale;
import java.util.Objects;

/**
 * One document a share opens: an issued one by its URI, or an upload by its ID.
 *
 * @param name what the document is called, as the resident's locker named it when it was shared
 */
public record SharedDocument(Kind kind, String reference, String name) {

    public SharedDocument {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(name, "name");
    }

    /** The two kinds of documents a locker holds. */
    public enum Kind {
        ISSUED, UPLOADED;

        /** As JSON and the database write it: {@code issued}, {@code uploaded}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }
}
