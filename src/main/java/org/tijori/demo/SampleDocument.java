package org.tijori.demo;

import java.time.LocalDate;
import java.util.Map;

import org.tijori.identity.NationalId;

/**
 * One sample document of the demo issuer, about one demo resident.
 *
 * @param searchParameters what a resident fills to find it by Pull URI, by {@code paramname}
 * @param certificateXml the Certificate XML before it is signed
 */
record SampleDocument(String docType, String docId, String docName, NationalId uid, Map<String, String> searchParameters,
        LocalDate issuedOn, LocalDate validFrom, LocalDate validTo, String certificateXml) {

    SampleDocument {
        searchParameters = Map.copyOf(searchParameters);
    }

    /** The document's URI in Tijori's repository. */
    String uri() {
        return DemoIssuer.ISSUER_ID + "-" + docType + "-" + docId;
    }

    /** Whether a resident's search names this document: every parameter given, each one equal. */
    boolean matches(String docType, Map<String, String> given) {
        return this.docType.equals(docType) && searchParameters.entrySet().stream()
                .allMatch(parameter -> parameter.getValue().equalsIgnoreCase(given.getOrDefault(parameter.getKey(), "")
                        .strip()));
    }
}
