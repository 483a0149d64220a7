package org.tijori.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The e-sign CA's key and certificate chain, and what it signs: a short-lived certificate for each signing, the
 * time-stamp authority's certificate and the certificate revocation list. Knows nothing of where the key is kept.
 * <p>
 * A signer's certificate carries key usage digitalSignature and nonRepudiation (critical) and the extended key
 * usages emailProtection and id-kp-documentSigning: poppler's {@code pdfsig} (NSS) and {@code openssl cms} check a
 * signature's certificate for e-mail signing, and refuse one whose only extended key usage is documentSigning;
 * listing both satisfies them and tells the rest what the certificate is for.
 */
final class CertificateAuthority {

    /** id-kp-documentSigning (RFC 9336). */
    static final KeyPurposeId DOCUMENT_SIGNING = KeyPurposeId.getInstance(
            new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36"));

    /** Certificates start this much before they are issued, for clocks slightly behind ours. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final SecureRandom random = new SecureRandom();

    private final PrivateKey privateKey;

    private final List<X509Certificate> chain;

    private final URI crlUrl;

    private final URI caUrl;

    private final JcaX509ExtensionUtils extensions;

    /**
     * @param privateKey the CA's private key
     * @param chain the CA's certificate first, then its issuers' if it is not self-signed
     * @param baseUrl Tijori's public base URL, under which the CRL and the CA certificate are published
     */
    CertificateAuthority(PrivateKey privateKey, List<X509Certificate> chain, URI baseUrl) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("the CA needs its certificate");
        }
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.crlUrl = URI.create(base + "/esign/crl");
        this.caUrl = URI.create(base + "/esign/ca.pem");
        try {
            this.extensions = new JcaX509ExtensionUtils();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is needed for key identifiers", e);
        }
    }

    /** A new CA: an EC P-256 key and a self-signed certificate valid for {@code validity}. */
    static CertificateAuthority generate(URI baseUrl, Instant now, Duration validity) {
        KeyPair keys = ecKeyPair();
        String host = baseUrl.getHost() == null ? "localhost" : baseUrl.getHost();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "IN")
                .addRDN(BCStyle.O, "Tijori (" + host + ")")
                // Two installations' CAs must not share a name, or a validator that trusts both mixes them up.
                .addRDN(BCStyle.SERIALNUMBER, new BigInteger(64, random).toString(16))
                .addRDN(BCStyle.CN, "Tijori e-sign CA")
                .build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = certificate(builder.build(signer(keys.getPrivate())));
            return new CertificateAuthority(keys.getPrivate(), List.of(certificate), baseUrl);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make the e-sign CA", e);
        }
    }

    X509Certificate certificate() {
        return chain.get(0);
    }

    List<X509Certificate> chain() {
        return chain;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    URI crlUrl() {
        return crlUrl;
    }

    /**
     * A new key pair and a certificate for it, valid from a few minutes ago for {@code validity}, for one signing.
     */
    IssuedCredential issueSigner(SignerIdentity signer, Instant now, Duration validity) {
        KeyPair keys = ecKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, signer.commonName())
                .addRDN(BCStyle.PSEUDONYM, signer.lockerId().toString())
                .addRDN(BCStyle.SERIALNUMBER, signer.lockerId().toString())
                .build();
        X509Certificate certificate = issue(subject, keys.getPublic(), now, validity,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation), false,
                KeyPurposeId.id_kp_emailProtection, DOCUMENT_SIGNING);
        return new IssuedCredential(keys.getPrivate(), withChain(certificate));
    }

    /** A new key pair and a certificate for the time-stamp authority (extended key usage timeStamping, critical). */
    IssuedCredential issueTimeStamping(Instant now, Duration validity) {
        KeyPair keys = ecKeyPair();
        X500Name issuer = X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (var rdn : issuer.getRDNs()) {
            if (!rdn.getFirst().getType().equals(BCStyle.CN)) {
                subject.addRDN(rdn.getFirst());
            }
        }
        subject.addRDN(BCStyle.CN, "Tijori time-stamp authority");
        X509Certificate certificate = issue(subject.build(), keys.getPublic(), now, validity,
                new KeyUsage(KeyUsage.digitalSignature), true, KeyPurposeId.id_kp_timeStamping);
        return new IssuedCredential(keys.getPrivate(), withChain(certificate));
    }

    /** A CRL listing {@code revoked} serial numbers, signed now, valid until {@code nextUpdate}. */
    X509CRL crl(List<BigInteger> revoked, Instant thisUpdate, Instant nextUpdate) {
        try {
            X509CertificateHolder ca = new X509CertificateHolder(certificate().getEncoded());
            X509v2CRLBuilder builder = new X509v2CRLBuilder(ca.getSubject(), Date.from(thisUpdate))
                    .setNextUpdate(Date.from(nextUpdate))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate().getPublicKey()))
                    // Increases with each CRL this CA signs, across restarts and nodes alike.
                    .addExtension(Extension.cRLNumber, false,
                            new CRLNumber(BigInteger.valueOf(thisUpdate.toEpochMilli())));
            for (BigInteger serial : revoked) {
                builder.addCRLEntry(serial, Date.from(thisUpdate), org.bouncycastle.asn1.x509.CRLReason.unspecified);
            }
            return new JcaX509CRLConverter().getCRL(builder.build(signer(privateKey)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign the CRL", e);
        }
    }

    private X509Certificate issue(X500Name subject, PublicKey key, Instant now, Duration validity, KeyUsage usage,
            boolean criticalPurposes, KeyPurposeId... purposes) {
        try {
            X509Certificate ca = certificate();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, usage)
                    .addExtension(Extension.extendedKeyUsage, criticalPurposes, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(ca.getPublicKey()))
                    .addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                            new DistributionPoint(new DistributionPointName(new GeneralNames(
                                    new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl.toString()))),
                                    null, null) }))
                    .addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                            new AccessDescription(AccessDescription.id_ad_caIssuers,
                                    new GeneralName(GeneralName.uniformResourceIdentifier, caUrl.toString()))));
            return certificate(builder.build(signer(privateKey)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not issue a certificate", e);
        }
    }

    private List<X509Certificate> withChain(X509Certificate certificate) {
        List<X509Certificate> full = new ArrayList<>(chain.size() + 1);
        full.add(certificate);
        full.addAll(chain);
        return full;
    }

    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has EC P-256", e);
        }
    }

    /** SHA-256 with the key's own algorithm: ECDSA for an EC key, PKCS#1 v1.5 for an RSA key. */
    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("the e-sign CA's key must be EC or RSA, not "
                    + key.getAlgorithm());
        };
    }

    static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key);
        }
        catch (OperatorCreationException e) {
            throw new IllegalStateException("could not sign with the " + key.getAlgorithm() + " key", e);
        }
    }

    private static X509Certificate certificate(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /** A positive random serial number of 128 bits, as CAs should use (CA/Browser Forum: 64 bits at least). */
    private static BigInteger serial() {
        return new BigInteger(127, random).setBit(126);
    }
}
