package org.tijori.issuer;

import java.util.List;

import org.springframework.modulith.NamedInterface;

/**
 * What an issued document says, read from its signed Certificate XML, for a page to show as text: the
 * organisation that issued it, the document's own fields, the person it is about, and the groups of
 * {@code CertificateData} (an examination, a licence), each with its fields and its repeated rows as tables
 * (subjects, vehicle classes). Every value is text as the issuer wrote it, except that dates read DD-MM-YYYY and
 * a national ID shows only its last four digits. Names are the XML's own ({@code dob}, {@code marksTotal}), for a
 * page to translate; labels are those names in English words, for when it cannot.
 *
 * @param issuedBy the organisation named in {@code IssuedBy}, or null
 */
@NamedInterface("documents")
public record DocumentCard(String issuedBy, List<Field> document, List<Field> holder, List<Group> groups) {

    /** The card of a document without Certificate XML (one known by its URI only). */
    public static final DocumentCard EMPTY = new DocumentCard(null, List.of(), List.of(), List.of());

    public DocumentCard {
        document = List.copyOf(document);
        holder = List.copyOf(holder);
        groups = List.copyOf(groups);
    }

    public boolean isEmpty() {
        return document.isEmpty() && holder.isEmpty() && groups.isEmpty();
    }

    /** One named value. */
    public record Field(String name, String label, String value) {
    }

    /** A column of a table. */
    public record Column(String name, String label) {
    }

    /** An element of {@code CertificateData}: its own fields, and the tables of the rows it repeats. */
    public record Group(String name, String label, List<Field> fields, List<Table> tables) {

        public Group {
            fields = List.copyOf(fields);
            tables = List.copyOf(tables);
        }
    }

    /**
     * Repeated elements as rows, one column for each attribute or child any row has (a row without it has an
     * empty cell there).
     */
    public record Table(String name, String label, List<Column> columns, List<List<String>> rows) {

        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }
}
