package org.tijori.issuer.registration;

import java.security.cert.X509Certificate;
import java.util.Set;

import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.signing.LegacyAlgorithms;

/**
 * An issuer as the intake sees it, with its credentials opened for checking a request.
 *
 * @param certificate the signing certificate new documents must be signed with
 * @param legacyAlgorithms whether an administrator allowed its RSA-SHA1 signatures
 * @param pullHmacEncoding how the {@code x-digilocker-hmac} of Tijori's Pull URI requests to it is written
 * @param docTypes the doc types it registered, read with the rest
 */
public record Issuer(IssuerId id, String name, IssuerStatus status, String clientId, byte[] clientSecret, byte[] apiKey,
        X509Certificate certificate, String pullUriUrl, LegacyAlgorithms legacyAlgorithms,
        PullHmacEncoding pullHmacEncoding, Set<DocTypeCode> docTypes) {

    public Issuer {
        docTypes = Set.copyOf(docTypes);
    }

    /** Whether it registered this doc type, and may therefore publish documents of it. */
    public boolean registered(DocTypeCode docType) {
        return docTypes.contains(docType);
    }

    @Override
    public String toString() {
        return "Issuer[" + id + ", " + status + "]";
    }
}
