package org.tijori.issuer;

import org.springframework.modulith.NamedInterface;

/**
 * The URI of an issued document, {@code IssuerId-DocType-DocId}, such as
 * {@code in.gov.cbse-HSCER-2014123456}: the same document, whichever version, for good.
 */
@NamedInterface("documents")
public record DocumentUri(IssuerId issuer, DocTypeCode docType, String docId) {

    public DocumentUri {
        if (issuer == null || docType == null) {
            throw new IllegalArgumentException("A document URI names its issuer and its document type.");
        }
        if (docId == null || !wellFormedDocId(docId)) {
            throw new IllegalArgumentException("A document ID is 1 to 100 letters, digits and . _ / - characters, "
                    + "starting with a letter or a digit.");
        }
    }

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9._/-]{0,99}}, checked character by character: lists parse every URI they show.
     */
    private static boolean wellFormedDocId(String docId) {
        if (docId.isEmpty() || docId.length() > 100) {
            return false;
        }
        for (int i = 0; i < docId.length(); i++) {
            char c = docId.charAt(i);
            boolean alphanumeric = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!alphanumeric && (i == 0 || c != '.' && c != '_' && c != '/' && c != '-')) {
                return false;
            }
        }
        return true;
    }

    /** Reads {@code IssuerId-DocType-DocId}; the document ID may itself hold hyphens. */
    public static DocumentUri parse(String uri) {
        String[] parts = uri == null ? new String[0] : uri.split("-", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("A document URI reads IssuerId-DocType-DocId.");
        }
        return new DocumentUri(new IssuerId(parts[0]), new DocTypeCode(parts[1]), parts[2]);
    }

    @Override
    public String toString() {
        return issuer.value() + "-" + docType.value() + "-" + docId;
    }
}
