package org.tijori.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * An issuer's signing key and its self-signed certificate, made fresh for a test. The certificate is
 * built from BouncyCastle's ASN.1 classes (bcprov, already a dependency) and signed with the JCA.
 */
public final class TestIssuerKeys {

    /** RFC 8410's identifier of Ed25519. */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private TestIssuerKeys(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** An RSA-2048 key and a certificate for {@code commonName}, valid from yesterday for a year. */
    public static TestIssuerKeys generate(String commonName) {
        return rsa(commonName, 2048);
    }

    /** An EC P-256 key and a certificate for {@code commonName}, valid from yesterday for a year. */
    public static TestIssuerKeys generateEc(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return selfSigned(commonName, generator.generateKeyPair(), "SHA256withECDSA",
                    new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Ed25519 key, which Tijori does not accept for issuers: for tests of refused kinds of key. */
    public static TestIssuerKeys generateEd25519(String commonName) {
        try {
            return selfSigned(commonName, KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "Ed25519",
                    new AlgorithmIdentifier(ID_ED25519));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RSA key of {@code bits} bits, for tests of weak keys. */
    public static TestIssuerKeys rsa(String commonName, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return selfSigned(commonName, generator.generateKeyPair(), "SHA256withRSA",
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return Certificates.toPem(certificate);
    }

    /** The private key as unencrypted PKCS #8 PEM, for tools such as xmlsec1. */
    public String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' })
                .encodeToString(privateKey.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    @Override
    public String toString() {
        return "TestIssuerKeys[" + certificate.getSubjectX500Principal().getName() + ", private key redacted]";
    }

    private static TestIssuerKeys selfSigned(String commonName, KeyPair keys, String jcaAlgorithm,
            AlgorithmIdentifier algorithm) throws GeneralSecurityException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .addRDN(BCStyle.O, "Tijori tests")
                .addRDN(BCStyle.C, "IN")
                .build();
        Instant now = Instant.now();
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, new SecureRandom()).add(BigInteger.ONE)));
        tbs.setSignature(algorithm);
        tbs.setIssuer(name);
        tbs.setSubject(name);
        tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
        tbs.setEndDate(new Time(Date.from(now.plus(Duration.ofDays(365)))));
        tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            extensions.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            tbs.setExtensions(extensions.generate());
            TBSCertificate toBeSigned = tbs.generateTBSCertificate();

            Signature signature = Signature.getInstance(jcaAlgorithm);
            signature.initSign(keys.getPrivate());
            signature.update(toBeSigned.getEncoded("DER"));
            Certificate certificate = new Certificate(toBeSigned, algorithm, new DERBitString(signature.sign()));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return new TestIssuerKeys(keys.getPrivate(), (X509Certificate) factory
                    .generateCertificate(new ByteArrayInputStream(certificate.getEncoded("DER"))));
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
