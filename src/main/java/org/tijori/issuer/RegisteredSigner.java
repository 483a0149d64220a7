package org.tijori.issuer;

import java.security.cert.X509Certificate;

import org.tijori.signing.LegacyAlgorithms;

import org.springframework.modulith.NamedInterface;

/**
 * An approved issuer that registered a signing certificate, as a verifier needs it to check a Certificate XML that
 * was uploaded rather than found in the repository: the certificate as registered (never the one the file carries),
 * and the algorithms the issuer may sign with.
 *
 * @param retired whether a newer certificate replaced it: what it signed before still counts
 * @param legacy whether an administrator allowed the issuer RSA-SHA1 signatures
 * @param issuerNameHi the issuer's Hindi name, or null
 */
@NamedInterface("documents")
public record RegisteredSigner(IssuerId issuer, String issuerName, X509Certificate certificate, boolean retired,
        LegacyAlgorithms legacy, String issuerNameHi) {
}
