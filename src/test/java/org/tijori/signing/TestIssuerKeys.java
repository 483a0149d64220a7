package org.tijori.signing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;

import org.w3c.dom.Document;
import org.w3c.dom.Element;


/**
 * An issuer's signing key and its self-signed certificate ({@link Certificates#selfSigned}), made fresh
 * for a test.
 */
public final class TestIssuerKeys {

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
            return selfSigned(commonName, generator.generateKeyPair());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Ed25519 key, which Tijori does not accept for issuers: for tests of refused kinds of key. */
    public static TestIssuerKeys generateEd25519(String commonName) {
        try {
            return selfSigned(commonName, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
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
            return selfSigned(commonName, generator.generateKeyPair());
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

    /**
     * Signs {@code doc} with the JDK's XML signature API and any algorithms, as an issuer's own signing
     * system might, unlike {@link XmlSignatures#sign}: an enveloped signature over the whole document
     * ({@code target} null) or over the element {@code target} (by its {@code ID}).
     */
    public void signWith(Document doc, Element target, String digest, String method, String canonicalization) {
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            String uri = target == null ? "" : "#" + target.getAttribute("ID");
            Reference reference = factory.newReference(uri, factory.newDigestMethod(digest, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(canonicalization, (TransformParameterSpec) null)),
                    null, null);
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(canonicalization, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(method, null), List.of(reference));
            KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
            DOMSignContext context = new DOMSignContext(privateKey, doc.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            if (target != null) {
                context.setIdAttributeNS(target, null, "ID");
            }
            factory.newXMLSignature(signedInfo,
                    keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(certificate))))).sign(context);
        }
        catch (GeneralSecurityException | MarshalException | XMLSignatureException e) {
            throw new IllegalStateException(e);
        }
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

    private static TestIssuerKeys selfSigned(String commonName, KeyPair keys) {
        return new TestIssuerKeys(keys.getPrivate(),
                Certificates.selfSigned(keys, commonName, "Tijori tests", Duration.ofDays(365)));
    }
}
