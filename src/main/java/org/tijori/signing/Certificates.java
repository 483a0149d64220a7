package org.tijori.signing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issuers' signing certificates: PEM in and out, fingerprints, and whether a certificate's key is
 * strong enough to be registered.
 */
public final class Certificates {

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    private static final Pattern PEM_BLOCK = Pattern.compile(
            Pattern.quote(BEGIN) + "([A-Za-z0-9+/=\\s]*)" + Pattern.quote(END));

    private static final int MIN_RSA_BITS = 2048;
    private static final int MIN_EC_BITS = 256;

    private Certificates() {
    }

    /**
     * The one X.509 certificate in {@code pem}; text around the PEM block is ignored.
     *
     * @throws IllegalArgumentException when there is no certificate, more than one, or it is not X.509
     */
    public static X509Certificate parsePem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("No certificate was given.");
        }
        int blocks = count(pem, BEGIN);
        if (blocks == 0) {
            if (pem.contains("PRIVATE KEY-----")) {
                throw new IllegalArgumentException(
                        "This is a private key, not a certificate; give the certificate and keep the private key secret.");
            }
            throw new IllegalArgumentException("No PEM certificate was found; it starts with " + BEGIN + ".");
        }
        if (blocks > 1) {
            throw new IllegalArgumentException("More than one certificate was given; give only the signing certificate.");
        }
        Matcher block = PEM_BLOCK.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException("The PEM certificate is damaged: its Base64 text or its end line is wrong.");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(1));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The PEM certificate is damaged: its Base64 text is wrong.", e);
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            if (factory.generateCertificate(new ByteArrayInputStream(der)) instanceof X509Certificate certificate
                    && Arrays.equals(certificate.getEncoded(), der)) {
                return certificate;
            }
        }
        catch (CertificateException e) {
            throw new IllegalArgumentException("The PEM block is not an X.509 certificate.", e);
        }
        throw new IllegalArgumentException("The PEM block is not exactly one X.509 certificate.");
    }

    /** The certificate as one PEM block, Base64 in lines of 64 characters. */
    public static String toPem(X509Certificate certificate) {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return BEGIN + "\n" + base64.encodeToString(der(certificate)) + "\n" + END + "\n";
    }

    /** The SHA-256 digest of the certificate's DER encoding, as 64 lowercase hex digits. */
    public static String sha256Fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der(certificate)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /**
     * Refuses a certificate whose key is too weak to sign issued documents: RSA needs 2048 bits or
     * more, EC a curve of 256 bits or more (P-256, P-384, P-521), and no other kind of key is accepted.
     *
     * @throws IllegalArgumentException naming what is wrong with the key
     */
    public static void checkSigningKey(X509Certificate certificate) {
        PublicKey key = Objects.requireNonNull(certificate, "certificate").getPublicKey();
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("The certificate's RSA key has " + bits + " bits; at least "
                        + MIN_RSA_BITS + " are needed.");
            }
        }
        else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits < MIN_EC_BITS) {
                throw new IllegalArgumentException("The certificate's EC key is on a " + bits
                        + "-bit curve; P-256 or a stronger curve is needed.");
            }
        }
        else {
            throw new IllegalArgumentException("The certificate's key is " + key.getAlgorithm()
                    + "; only RSA (2048 bits or more) and EC (P-256 or stronger) keys are accepted.");
        }
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return Objects.requireNonNull(certificate, "certificate").getEncoded();
        }
        catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("The certificate cannot be encoded.", e);
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    /**
     * A self-signed signing certificate for a key pair (RSA, EC or Ed25519), valid from a day ago for
     * {@code validity}: for a demo issuer and for tests, never for a real issuer, whose certificate comes
     * from its own CA.
     */
    public static X509Certificate selfSigned(java.security.KeyPair keys, String commonName, String organisation,
            java.time.Duration validity) {
        String algorithm = switch (keys.getPublic().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("no self-signing for " + keys.getPublic().getAlgorithm()
                    + " keys");
        };
        org.bouncycastle.asn1.x509.AlgorithmIdentifier identifier = switch (algorithm) {
            case "SHA256withRSA" -> new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha256WithRSAEncryption,
                    org.bouncycastle.asn1.DERNull.INSTANCE);
            case "SHA256withECDSA" -> new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256);
            default -> new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.101.112"));
        };
        var name = new org.bouncycastle.asn1.x500.X500NameBuilder(org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, commonName)
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, organisation)
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.C, "IN")
                .build();
        java.time.Instant now = java.time.Instant.now();
        var tbs = new org.bouncycastle.asn1.x509.V3TBSCertificateGenerator();
        tbs.setSerialNumber(new org.bouncycastle.asn1.ASN1Integer(new java.math.BigInteger(64,
                new java.security.SecureRandom()).add(java.math.BigInteger.ONE)));
        tbs.setSignature(identifier);
        tbs.setIssuer(name);
        tbs.setSubject(name);
        tbs.setStartDate(new org.bouncycastle.asn1.x509.Time(java.util.Date.from(now.minus(java.time.Duration.ofDays(1)))));
        tbs.setEndDate(new org.bouncycastle.asn1.x509.Time(java.util.Date.from(now.plus(validity))));
        tbs.setSubjectPublicKeyInfo(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                keys.getPublic().getEncoded()));
        try {
            var extensions = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
            extensions.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
                    new org.bouncycastle.asn1.x509.BasicConstraints(false));
            extensions.addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
                    new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature
                            | org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation));
            tbs.setExtensions(extensions.generate());
            var toBeSigned = tbs.generateTBSCertificate();
            var signature = java.security.Signature.getInstance(algorithm);
            signature.initSign(keys.getPrivate());
            signature.update(toBeSigned.getEncoded("DER"));
            var certificate = new org.bouncycastle.asn1.x509.Certificate(toBeSigned, identifier,
                    new org.bouncycastle.asn1.DERBitString(signature.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate.getEncoded("DER")));
        }
        catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("could not make a self-signed certificate", e);
        }
    }
}
