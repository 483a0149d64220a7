package org.tijori.signing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What an issuer's signature may look like, checked on the signature's elements before the XML
 * signature API reads them: one reference to the whole document, enveloped, with today's algorithms.
 * Anything else is refused with a reason, so that no part of a document can be signed while another
 * part is read (signature wrapping) and nothing is fetched while checking.
 */
final class SignaturePolicy {

    static final String NOT_SIGNED = "The document is not signed.";
    static final String MALFORMED = "The signature is malformed.";

    static final Set<String> CANONICALIZATIONS = Set.of(
            CanonicalizationMethod.INCLUSIVE,
            CanonicalizationMethod.INCLUSIVE_WITH_COMMENTS,
            CanonicalizationMethod.EXCLUSIVE,
            CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS,
            "http://www.w3.org/2006/12/xml-c14n11",
            "http://www.w3.org/2006/12/xml-c14n11#WithComments");

    static final Set<String> DIGESTS = Set.of(DigestMethod.SHA256, DigestMethod.SHA384, DigestMethod.SHA512);

    static final Set<String> RSA_SIGNATURES = Set.of(
            SignatureMethod.RSA_SHA256, SignatureMethod.RSA_SHA384, SignatureMethod.RSA_SHA512,
            SignatureMethod.SHA256_RSA_MGF1, SignatureMethod.SHA384_RSA_MGF1, SignatureMethod.SHA512_RSA_MGF1,
            SignatureMethod.RSA_PSS);

    static final Set<String> ECDSA_SIGNATURES = Set.of(
            SignatureMethod.ECDSA_SHA256, SignatureMethod.ECDSA_SHA384, SignatureMethod.ECDSA_SHA512);

    /** Allowed only for an issuer whose administrators accepted its legacy signatures. */
    static final String RSA_SHA1 = SignatureMethod.RSA_SHA1;

    static final String SHA1 = DigestMethod.SHA1;

    /** The digests that RSA-PSS parameters may name, in the JCA's spelling. */
    static final Set<String> PSS_DIGESTS = Set.of("SHA-256", "SHA-384", "SHA-512");

    private SignaturePolicy() {
    }

    /** Why {@code signature} (a ds:Signature element) is refused, or empty when its form is accepted. */
    static Optional<String> refusal(Element signature, LegacyAlgorithms legacy) {
        Element signedInfo = null;
        boolean keyInfo = false;
        for (Element child : children(signature)) {
            if (!XMLSignature.XMLNS.equals(child.getNamespaceURI())) {
                return Optional.of(MALFORMED);
            }
            switch (child.getLocalName()) {
                case "SignedInfo" -> {
                    if (signedInfo != null) {
                        return Optional.of(MALFORMED);
                    }
                    signedInfo = child;
                }
                case "SignatureValue" -> {
                }
                case "KeyInfo" -> keyInfo = true;
                // Nothing in an Object is covered by a reference to the whole document: it would be unsigned content.
                case "Object" -> {
                    return Optional.of("The signature carries extra objects, which are not accepted.");
                }
                default -> {
                    return Optional.of(MALFORMED);
                }
            }
        }
        if (signedInfo == null) {
            return Optional.of(MALFORMED);
        }
        if (!keyInfo) {
            return Optional.of("The signature does not carry the signer's certificate.");
        }
        return signedInfoRefusal(signedInfo, legacy);
    }

    /**
     * Whether the signature (whose form {@link #refusal} accepted) uses SHA-1 for its signature or its
     * digest. The JDK's secure validation refuses SHA-1 outright, so such a signature is validated with
     * the checks of this class alone, which cover what secure validation adds for a signature of this form.
     */
    static boolean usesSha1(Element signature) {
        Element signedInfo = onlyChild(signature, "SignedInfo");
        Element method = signedInfo == null ? null : onlyChild(signedInfo, "SignatureMethod");
        List<Element> references = signedInfo == null ? List.of() : dsChildren(signedInfo, "Reference");
        Element digest = references.size() == 1 ? onlyChild(references.get(0), "DigestMethod") : null;
        return method != null && RSA_SHA1.equals(algorithm(method)) || digest != null && SHA1.equals(algorithm(digest));
    }

    private static Optional<String> signedInfoRefusal(Element signedInfo, LegacyAlgorithms legacy) {
        Element canonicalization = onlyChild(signedInfo, "CanonicalizationMethod");
        Element signatureMethod = onlyChild(signedInfo, "SignatureMethod");
        if (canonicalization == null || signatureMethod == null) {
            return Optional.of(MALFORMED);
        }
        if (!CANONICALIZATIONS.contains(algorithm(canonicalization))) {
            return Optional.of("The signature's canonicalization method is not accepted; "
                    + "only canonical XML and exclusive canonical XML are.");
        }
        String method = algorithm(signatureMethod);
        boolean legacyMethod = legacy == LegacyAlgorithms.RSA_SHA1_ALLOWED && RSA_SHA1.equals(method);
        if (!RSA_SIGNATURES.contains(method) && !ECDSA_SIGNATURES.contains(method) && !legacyMethod) {
            return Optional.of(weakAlgorithm(method).orElse("The signature uses a signature algorithm that is not "
                    + "accepted; only RSA and ECDSA with SHA-256 or stronger are."));
        }
        List<Element> references = dsChildren(signedInfo, "Reference");
        if (references.size() != 1) {
            return Optional.of("The signature must have exactly one reference, to the whole document.");
        }
        return referenceRefusal(references.get(0), legacy);
    }

    private static Optional<String> referenceRefusal(Element reference, LegacyAlgorithms legacy) {
        // Only URI="" covers the whole document; "#id" covers one element, and anything else is fetched from elsewhere.
        Attr uri = reference.getAttributeNodeNS(null, "URI");
        if (uri == null || !uri.getValue().isEmpty()) {
            return Optional.of("The signature must cover the whole document (reference URI \"\").");
        }
        Element transforms = onlyChild(reference, "Transforms");
        List<String> algorithms = new ArrayList<>();
        if (transforms != null) {
            for (Element transform : children(transforms)) {
                if (!XMLSignature.XMLNS.equals(transform.getNamespaceURI())
                        || !"Transform".equals(transform.getLocalName())) {
                    return Optional.of(MALFORMED);
                }
                algorithms.add(algorithm(transform));
            }
        }
        boolean enveloped = !algorithms.isEmpty() && Transform.ENVELOPED.equals(algorithms.get(0));
        boolean thenCanonical = algorithms.size() == 1
                || algorithms.size() == 2 && CANONICALIZATIONS.contains(algorithms.get(1));
        if (!enveloped || !thenCanonical) {
            return Optional.of("The signature's transforms are not accepted; only enveloped-signature, "
                    + "optionally followed by one canonicalization, is.");
        }
        Element digestMethod = onlyChild(reference, "DigestMethod");
        if (digestMethod == null) {
            return Optional.of(MALFORMED);
        }
        String digest = algorithm(digestMethod);
        boolean legacyDigest = legacy == LegacyAlgorithms.RSA_SHA1_ALLOWED && SHA1.equals(digest);
        if (!DIGESTS.contains(digest) && !legacyDigest) {
            return Optional.of(weakAlgorithm(digest).orElse("The signature uses a digest algorithm that is not "
                    + "accepted; only SHA-256, SHA-384 and SHA-512 are."));
        }
        return Optional.empty();
    }

    static Optional<String> weakAlgorithm(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.contains("sha1")) {
            return Optional.of("The signature uses SHA-1, which is not accepted.");
        }
        if (lower.contains("md5")) {
            return Optional.of("The signature uses MD5, which is not accepted.");
        }
        return Optional.empty();
    }

    private static String algorithm(Element element) {
        return element.getAttributeNS(null, "Algorithm");
    }

    /** The single ds child called {@code localName}, or null when there is none or more than one. */
    private static Element onlyChild(Element parent, String localName) {
        List<Element> found = dsChildren(parent, localName);
        return found.size() == 1 ? found.get(0) : null;
    }

    private static List<Element> dsChildren(Element parent, String localName) {
        return children(parent).stream()
                .filter(child -> XMLSignature.XMLNS.equals(child.getNamespaceURI())
                        && localName.equals(child.getLocalName()))
                .toList();
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
