package org.tijori.issuer.registration;

import java.util.List;

/**
 * What an issuer sends to register: who it is, where its Pull URI endpoint is, the certificate it
 * signs with, and the document types it publishes. Checked by {@link IssuerRegistrations#register}.
 */
public record IssuerRegistration(String issuerId, String name, String category, String contactEmail,
        String pullUriUrl, String signingCertificatePem, List<DocTypeRegistration> docTypes) {

    /**
     * A document type and the parameters a resident fills to pull one.
     *
     * @param xslt optional: how its documents print, from the Certificate XML to Tijori's rendering
     *             vocabulary ({@code Rendering/Section/Field})
     * @param residentFields optional: which details of the resident a search needs besides the parameters,
     *                       by their {@code PullURIRequest} element ({@code UID}, {@code FullName},
     *                       {@code DOB}); none are sent unless listed
     */
    public record DocTypeRegistration(String code, String name, String description,
            List<SearchParameter> searchParameters, String xslt, List<String> residentFields) {
    }

    /**
     * One search parameter of a document type.
     *
     * @param paramname the element name it takes in a {@code PullURIRequest}
     */
    public record SearchParameter(String paramname, String label, String example) {
    }
}
