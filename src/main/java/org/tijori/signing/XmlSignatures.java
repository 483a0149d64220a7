package org.tijori.signing;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.RSAPSSParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.tijori.signing.SignatureCheck.Invalid;
import org.tijori.signing.SignatureCheck.Valid;

/**
 * Issuers' enveloped XML signatures (XML-DSig) over whole documents, such as DigiLocker's
 * Certificate XML. {@link #verify} trusts only the certificates it is given: the certificate in the
 * signature merely says which of them signed.
 */
public final class XmlSignatures {

    /** The JDK's implementation, whose secure validation mode the checks below rely on. */
    private static final String PROVIDER = "XMLDSig";

    private static final String SECURE_VALIDATION = "org.jcp.xml.dsig.secureValidation";

    /** The most certificates {@link #namedCertificates} reads: a signer needs one, a chain a few. */
    static final int MOST_NAMED = 8;

    private static final KeySelector NO_KEY_YET = new KeySelector() {

        @Override
        public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method,
                XMLCryptoContext context) throws KeySelectorException {
            throw new KeySelectorException("The signer has not been matched to a registered certificate");
        }
    };

    private XmlSignatures() {
    }

    /**
     * Checks the document's one enveloped signature against {@code acceptedSigners}, the issuer's
     * registered certificates. Only a signature over the whole document (reference URI ""), with
     * SHA-256 or stronger, whose KeyInfo carries one of those certificates, is valid. The document is
     * not changed.
     */
    public static SignatureCheck verify(Document doc, Collection<X509Certificate> acceptedSigners) {
        return verify(doc, acceptedSigners, LegacyAlgorithms.REFUSED);
    }

    /**
     * As {@link #verify(Document, Collection)}, and with {@link LegacyAlgorithms#RSA_SHA1_ALLOWED} also
     * RSA-SHA1 and SHA-1 digests, for an issuer whose administrators allowed them; such a signature is
     * {@linkplain Valid#legacyAlgorithm() marked}. The form's other rules and the key's strength still hold.
     */
    public static SignatureCheck verify(Document doc, Collection<X509Certificate> acceptedSigners,
            LegacyAlgorithms legacy) {
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(acceptedSigners, "acceptedSigners");
        Element root = doc.getDocumentElement();
        if (root == null) {
            return new Invalid(SignaturePolicy.NOT_SIGNED);
        }
        // Entities declared in a DTD could make the signed text differ from what a reader sees.
        if (doc.getDoctype() != null) {
            return new Invalid("The document declares a document type (DTD), which is not accepted.");
        }
        NodeList signatures = doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (signatures.getLength() == 0) {
            return new Invalid(SignaturePolicy.NOT_SIGNED);
        }
        if (signatures.getLength() > 1) {
            return new Invalid("The document carries more than one signature; exactly one is accepted.");
        }
        Element signature = (Element) signatures.item(0);
        if (signature.getParentNode() != root) {
            return new Invalid("The signature is not enveloped: it must be a direct child of the document's root element.");
        }
        return SignaturePolicy.refusal(signature, legacy)
                .<SignatureCheck>map(Invalid::new)
                .orElseGet(() -> check(signature, acceptedSigners, SignaturePolicy.usesSha1(signature)));
    }

    /** Reads an enveloped signature whose form is accepted, finds its signer and validates it. */
    private static SignatureCheck check(Element signature, Collection<X509Certificate> acceptedSigners,
            boolean sha1) {
        DOMValidateContext context = new DOMValidateContext(NO_KEY_YET, signature);
        // Secure validation refuses SHA-1 whatever the caller allowed; SignaturePolicy has already held the
        // signature to one reference to the whole document, at most two known transforms and no objects,
        // and the key comes from the registered certificate, whose strength is checked below.
        context.setProperty(SECURE_VALIDATION, !sha1);
        XMLSignature xmlSignature;
        try {
            xmlSignature = factory().unmarshalXMLSignature(context);
        }
        catch (MarshalException e) {
            return new Invalid(SignaturePolicy.MALFORMED);
        }
        Optional<String> parameters = parametersRefusal(xmlSignature.getSignedInfo());
        if (parameters.isPresent()) {
            return new Invalid(parameters.get());
        }

        List<X509Certificate> named = certificatesIn(xmlSignature.getKeyInfo());
        if (named.isEmpty()) {
            return new Invalid("The signature does not carry the signer's X.509 certificate.");
        }
        List<X509Certificate> matched = acceptedSigners.stream()
                .filter(accepted -> named.stream().anyMatch(certificate -> sameCertificate(certificate, accepted)))
                .distinct()
                .toList();
        if (matched.isEmpty()) {
            return new Invalid("The signature was not made with the issuer's registered certificate.");
        }
        if (matched.size() > 1) {
            return new Invalid("The signature names more than one of the issuer's registered certificates.");
        }
        X509Certificate signer = matched.get(0);
        try {
            Certificates.checkSigningKey(signer);
        }
        catch (IllegalArgumentException e) {
            return new Invalid("The issuer's registered certificate has a key too weak to accept.");
        }
        String method = xmlSignature.getSignedInfo().getSignatureMethod().getAlgorithm();
        if (!fits(method, signer.getPublicKey())) {
            return new Invalid("The signature's algorithm does not fit the key of the issuer's registered certificate.");
        }
        // The key comes from the registered certificate, never from the document.
        context.setKeySelector(KeySelector.singletonKeySelector(signer.getPublicKey()));
        return validate(xmlSignature, context, signer, sha1);
    }

    /** Core validation; when it fails, says whether the document's digest or the signature value did. */
    private static SignatureCheck validate(XMLSignature xmlSignature, DOMValidateContext context,
            X509Certificate signer, boolean sha1) {
        try {
            if (xmlSignature.validate(context)) {
                return new Valid(signer, sha1);
            }
            Reference reference = xmlSignature.getSignedInfo().getReferences().get(0);
            boolean digestMatches = reference.validate(context);
            boolean valueMatches = xmlSignature.getSignatureValue().validate(context);
            if (!digestMatches && !valueMatches) {
                return new Invalid("The document was changed after it was signed, and the signature value is wrong.");
            }
            if (!digestMatches) {
                return new Invalid("The document was changed after it was signed.");
            }
            return new Invalid("The signature value is wrong: the signed information was altered, "
                    + "or was not signed with the registered certificate's key.");
        }
        catch (XMLSignatureException e) {
            return new Invalid("The signature could not be checked.");
        }
    }

    /**
     * The X.509 certificates that the document's one enveloped signature carries in its {@code KeyInfo}, read but
     * not trusted: a file a verifier uploads names its issuer nowhere else, and these say only whose registered
     * certificates to {@linkplain #verify check} it against. Empty when the document has no signature that
     * {@link #verify} could accept as enveloped, or none of its certificates can be read.
     */
    public static List<X509Certificate> namedCertificates(Document doc) {
        Objects.requireNonNull(doc, "doc");
        Element root = doc.getDocumentElement();
        NodeList signatures = doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (root == null || signatures.getLength() != 1 || signatures.item(0).getParentNode() != root) {
            return List.of();
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Element keyInfo : children((Element) signatures.item(0), "KeyInfo")) {
            for (Element x509Data : children(keyInfo, "X509Data")) {
                for (Element encoded : children(x509Data, "X509Certificate")) {
                    if (certificates.size() == MOST_NAMED) {
                        return certificates;
                    }
                    certificate(encoded.getTextContent()).ifPresent(certificates::add);
                }
            }
        }
        return certificates;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && XMLSignature.XMLNS.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                children.add(element);
            }
        }
        return children;
    }

    private static Optional<X509Certificate> certificate(String base64) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64);
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                    instanceof X509Certificate certificate ? Optional.of(certificate) : Optional.empty();
        }
        catch (IllegalArgumentException | CertificateException e) {
            return Optional.empty();
        }
    }

    /**
     * Signs the whole document with an enveloped signature appended to its root element: exclusive
     * canonical XML, SHA-256, RSA-SHA256 or ECDSA-SHA256 by the key's kind, and {@code certificate}
     * in the KeyInfo.
     *
     * @throws IllegalArgumentException when the document is already signed, the key is neither RSA
     *         nor EC, or the key does not belong to the certificate
     */
    public static void sign(Document doc, PrivateKey key, X509Certificate certificate) {
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        Element root = doc.getDocumentElement();
        if (root == null) {
            throw new IllegalArgumentException("The document has no root element to sign.");
        }
        if (doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature").getLength() > 0) {
            throw new IllegalArgumentException("The document is already signed.");
        }
        String method = switch (key.getAlgorithm()) {
            case "RSA" -> SignatureMethod.RSA_SHA256;
            case "EC" -> SignatureMethod.ECDSA_SHA256;
            default -> throw new IllegalArgumentException(
                    "Only RSA and EC keys can sign documents, not " + key.getAlgorithm() + ".");
        };
        requireKeyOf(certificate, key);
        XMLSignatureFactory factory = factory();
        try {
            Reference reference = factory.newReference("",
                    factory.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null, null);
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(method, null),
                    List.of(reference));
            KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
            KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(certificate))));
            DOMSignContext context = new DOMSignContext(key, root);
            context.setDefaultNamespacePrefix("ds");
            factory.newXMLSignature(signedInfo, keyInfo).sign(context);
        }
        catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("The Java runtime lacks an algorithm every runtime has", e);
        }
        catch (MarshalException | XMLSignatureException e) {
            throw new IllegalStateException("The document could not be signed", e);
        }
        // The document had no signature before, so the only one is the one just made.
        Element signature = (Element) doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature").item(0);
        unwrapBase64(signature, "SignatureValue");
        unwrapBase64(signature, "X509Certificate");
    }

    /**
     * The JDK wraps Base64 in lines ending in CR LF, which serialize as "&amp;#13;". Neither the
     * signature value nor the KeyInfo is covered by the signature, so one unbroken line is as valid.
     */
    private static void unwrapBase64(Element signature, String localName) {
        NodeList elements = signature.getElementsByTagNameNS(XMLSignature.XMLNS, localName);
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            element.setTextContent(element.getTextContent().replaceAll("\\s", ""));
        }
    }

    /** Refuses RSA-PSS parameters that name a digest weaker than SHA-256. */
    private static Optional<String> parametersRefusal(SignedInfo signedInfo) {
        SignatureMethod method = signedInfo.getSignatureMethod();
        if (method.getParameterSpec() instanceof RSAPSSParameterSpec pss && pss.getPSSParameterSpec() != null) {
            PSSParameterSpec parameters = pss.getPSSParameterSpec();
            boolean strongMgf = !(parameters.getMGFParameters() instanceof MGF1ParameterSpec mgf)
                    || SignaturePolicy.PSS_DIGESTS.contains(mgf.getDigestAlgorithm());
            if (!SignaturePolicy.PSS_DIGESTS.contains(parameters.getDigestAlgorithm()) || !strongMgf) {
                return Optional.of("The signature's RSA-PSS parameters use a digest weaker than SHA-256, "
                        + "which is not accepted.");
            }
        }
        return Optional.empty();
    }

    private static List<X509Certificate> certificatesIn(KeyInfo keyInfo) {
        List<X509Certificate> certificates = new ArrayList<>();
        if (keyInfo == null) {
            return certificates;
        }
        for (Object item : keyInfo.getContent()) {
            if (item instanceof X509Data x509) {
                for (Object entry : x509.getContent()) {
                    if (entry instanceof X509Certificate certificate) {
                        certificates.add(certificate);
                    }
                }
            }
        }
        return certificates;
    }

    private static boolean sameCertificate(X509Certificate a, X509Certificate b) {
        return Arrays.equals(Certificates.der(a), Certificates.der(b));
    }

    private static boolean fits(String signatureMethod, PublicKey key) {
        if (SignaturePolicy.ECDSA_SIGNATURES.contains(signatureMethod)) {
            return key instanceof ECPublicKey;
        }
        return (SignaturePolicy.RSA_SIGNATURES.contains(signatureMethod) || SignaturePolicy.RSA_SHA1.equals(signatureMethod))
                && key instanceof RSAPublicKey;
    }

    /** Signs a random challenge and checks it with the certificate, so a wrong pairing fails before signing. */
    private static void requireKeyOf(X509Certificate certificate, PrivateKey key) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signed)) {
                return;
            }
        }
        catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The private key does not belong to the certificate.", e);
        }
        throw new IllegalArgumentException("The private key does not belong to the certificate.");
    }

    /** A new factory per call: its instance methods are not safe to share between threads. */
    private static XMLSignatureFactory factory() {
        try {
            return XMLSignatureFactory.getInstance("DOM", PROVIDER);
        }
        catch (NoSuchProviderException e) {
            throw new IllegalStateException("The Java runtime lacks its XML signature provider", e);
        }
    }
}
