package org.tijori.issuer.registration;

import java.util.List;

/**
 * What an issuer sends to register: who it is, where its Pull URI endpoint is, the certificate it
 * signs with, and the document types it publishes. Checked by {@link IssuerRegistrations#register}.
 *
 * @param apiKey optional: the API key the issuer chose (its Pull URI endpoint may already check one); when
 *               absent Tijori generates one at approval. Redacted in {@link #toString()}.
 * @param pullHmacEncoding optional: how the {@code x-digilocker-hmac} of Tijori's Pull URI requests is written,
 *                         {@code base64} (the default) or {@code base64-of-hex} ({@link PullHmacEncoding})
 */
public record IssuerRegistration(String issuerId, String name, String category, String contactEmail,
        String pullUriUrl, String signingCertificatePem, List<DocTypeRegistration> docTypes, String apiKey,
        String pullHmacEncoding) {

    /** A registration that leaves the API key to Tijori and the HMAC encoding at its default. */
    public IssuerRegistration(String issuerId, String name, String category, String contactEmail, String pullUriUrl,
            String signingCertificatePem, List<DocTypeRegistration> docTypes) {
        this(issuerId, name, category, contactEmail, pullUriUrl, signingCertificatePem, docTypes, null, null);
    }

    @Override
    public String toString() {
        return "IssuerRegistration[issuerId=" + issuerId + ", name=" + name + ", pullUriUrl=" + pullUriUrl
                + ", docTypes=" + (docTypes == null ? 0 : docTypes.size()) + ", apiKey="
                + (apiKey == null ? "none" : "***") + ", pullHmacEncoding=" + pullHmacEncoding + "]";
    }

    /**
     * A document type and the parameters a resident fills to pull one.
     *
     * @param xslt optional: how its documents print, from the Certificate XML to Tijori's rendering
     *             vocabulary ({@code Rendering/Section/Field})
     * @param residentFields optional: which details of the resident a search needs besides the parameters,
     *                       by {@link ResidentField#element()} ({@code UID}, {@code UIDHash} for the MD5 of
     *                       the national ID, {@code FullName}, {@code DOB}); none are sent unless listed
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
