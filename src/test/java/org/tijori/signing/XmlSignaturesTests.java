package org.tijori.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.tijori.signing.SignatureCheck.Invalid;
import org.tijori.signing.SignatureCheck.Valid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class XmlSignaturesTests {

    static final String CERTIFICATE_XML = """
            <Certificate language="99" name="Class XII Marksheet" type="HSCER" number="2014123456" \
            issueDate="15-05-2014" status="A"><IssuedBy><Organization name="Central Board of Secondary Education" \
            code="CBSE" type="CG"/></IssuedBy><IssuedTo><Person uid="999941057058" name="Asha Verma" \
            dob="12-01-1996" gender="F"/></IssuedTo><CertificateData><Performance result="PASS" \
            percentage="88.2"/></CertificateData></Certificate>""";

    static final String DSIG = XMLSignature.XMLNS;
    static final Path XMLSEC1 = Path.of("/usr/bin/xmlsec1");

    static final TestIssuerKeys cbse = TestIssuerKeys.generate("Central Board of Secondary Education");
    static final TestIssuerKeys cbseEc = TestIssuerKeys.generateEc("Central Board of Secondary Education (EC)");
    static final TestIssuerKeys attacker = TestIssuerKeys.generate("Central Board of Secondary Education");

    static final String CHANGED = "The document was changed after it was signed.";
    static final String NOT_REGISTERED = "The signature was not made with the issuer's registered certificate.";
    static final String WHOLE_DOCUMENT = "The signature must cover the whole document (reference URI \"\").";
    static final String SHA1 = "The signature uses SHA-1, which is not accepted.";
    static final String TRANSFORMS = "The signature's transforms are not accepted; only enveloped-signature, "
            + "optionally followed by one canonicalization, is.";
    static final String NOT_ENVELOPED =
            "The signature is not enveloped: it must be a direct child of the document's root element.";
    static final String TWO_SIGNATURES = "The document carries more than one signature; exactly one is accepted.";

    // Valid signatures

    @Test
    void acceptsADocumentSignedWithTheRegisteredRsaCertificate() {
        Document doc = signed(cbse);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Valid(cbse.certificate()));
    }

    @Test
    void acceptsADocumentSignedWithTheRegisteredEcCertificate() {
        Document doc = signed(cbseEc);

        assertThat(XmlSignatures.verify(doc, List.of(cbseEc.certificate()))).isEqualTo(new Valid(cbseEc.certificate()));
    }

    @Test
    void namesWhichOfTheRegisteredCertificatesSigned() {
        Document doc = signed(cbseEc);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate(), cbseEc.certificate())))
                .isEqualTo(new Valid(cbseEc.certificate()));
    }

    @Test
    void staysValidThroughSerializeAndParse() {
        byte[] bytes = SecureXml.serialize(signed(cbse));

        Document again = SecureXml.parse(bytes, 1 << 20);

        assertThat(XmlSignatures.verify(again, List.of(cbse.certificate()))).isInstanceOf(Valid.class);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("&#13;");
    }

    static Stream<Arguments> otherPermittedAlgorithms() {
        return Stream.of(
                arguments(DigestMethod.SHA384, SignatureMethod.RSA_SHA384, CanonicalizationMethod.INCLUSIVE),
                arguments(DigestMethod.SHA512, SignatureMethod.RSA_SHA512, CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS),
                arguments(DigestMethod.SHA256, SignatureMethod.SHA256_RSA_MGF1, CanonicalizationMethod.INCLUSIVE_WITH_COMMENTS),
                arguments(DigestMethod.SHA256, SignatureMethod.RSA_SHA256, "http://www.w3.org/2006/12/xml-c14n11"));
    }

    @ParameterizedTest
    @MethodSource("otherPermittedAlgorithms")
    void acceptsTheOtherPermittedAlgorithms(String digest, String method, String canonicalization) {
        Document doc = sample();
        signWith(doc, cbse, digest, method, canonicalization);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isInstanceOf(Valid.class);
    }

    @Test
    void acceptsEcdsaWithSha384() {
        Document doc = sample();
        signWith(doc, cbseEc, DigestMethod.SHA384, SignatureMethod.ECDSA_SHA384, CanonicalizationMethod.EXCLUSIVE);

        assertThat(XmlSignatures.verify(doc, List.of(cbseEc.certificate()))).isInstanceOf(Valid.class);
    }

    @Test
    void leavesTheDocumentAsItWas() {
        Document doc = signed(cbse);
        byte[] before = SecureXml.serialize(doc);

        XmlSignatures.verify(doc, List.of(cbse.certificate()));
        XmlSignatures.verify(doc, List.of(attacker.certificate()));

        assertThat(SecureXml.serialize(doc)).isEqualTo(before);
    }

    // Tampering and the wrong signer

    @Test
    void refusesADocumentWhoseAttributeWasChangedAfterSigning() {
        Document doc = signed(cbse);
        element(doc, "Performance").setAttribute("percentage", "98.2");

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(CHANGED));
    }

    @Test
    void refusesADocumentWithContentAddedAfterSigning() {
        Document doc = signed(cbse);
        Element extra = doc.createElementNS(null, "Performance");
        extra.setAttribute("subject", "Mathematics");
        extra.setAttribute("marks", "100");
        element(doc, "CertificateData").appendChild(extra);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(CHANGED));
    }

    @Test
    void refusesADocumentSignedByAnotherKeyAndCertificate() {
        Document doc = signed(attacker);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(NOT_REGISTERED));
    }

    @Test
    void refusesAForgedSignatureThatNamesTheRegisteredCertificate() {
        Document forged = sample();
        element(forged, "Performance").setAttribute("percentage", "99.9");
        XmlSignatures.sign(forged, attacker.privateKey(), attacker.certificate());
        // KeyInfo is not signed: the attacker can name the issuer's certificate, but not sign with its key.
        forged.getElementsByTagNameNS(DSIG, "X509Certificate").item(0)
                .setTextContent(Base64.getEncoder().encodeToString(Certificates.der(cbse.certificate())));

        assertThat(XmlSignatures.verify(forged, List.of(cbse.certificate()))).isEqualTo(new Invalid(
                "The signature value is wrong: the signed information was altered, or was not signed with the "
                        + "registered certificate's key."));
    }

    @Test
    void refusesASignedInfoChangedAfterSigning() {
        Document doc = signed(cbse);
        element(doc, "Performance").setAttribute("percentage", "98.2");
        Element digestValue = (Element) doc.getElementsByTagNameNS(DSIG, "DigestValue").item(0);
        digestValue.setTextContent(Base64.getEncoder().encodeToString(new byte[32]));

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(
                "The document was changed after it was signed, and the signature value is wrong."));
    }

    @Test
    void refusesEverythingWhenNoCertificateIsRegistered() {
        assertThat(XmlSignatures.verify(signed(cbse), List.of())).isEqualTo(new Invalid(NOT_REGISTERED));
    }

    @Test
    void refusesASignatureByAWeakRegisteredKey() {
        TestIssuerKeys weak = TestIssuerKeys.rsa("Weak issuer", 1024);
        Document doc = sample();
        XmlSignatures.sign(doc, weak.privateKey(), weak.certificate());

        assertThat(XmlSignatures.verify(doc, List.of(weak.certificate())))
                .isEqualTo(new Invalid("The issuer's registered certificate has a key too weak to accept."));
    }

    // Structure: one enveloped signature

    @Test
    void refusesAnUnsignedDocument() {
        assertThat(XmlSignatures.verify(sample(), List.of(cbse.certificate())))
                .isEqualTo(new Invalid("The document is not signed."));
    }

    @Test
    void refusesTwoSignatures() {
        Document doc = signed(cbse);
        Element root = doc.getDocumentElement();
        root.appendChild(signature(doc).cloneNode(true));

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(TWO_SIGNATURES));
    }

    @Test
    void refusesASecondSignatureHiddenDeeperInTheDocument() {
        Document doc = signed(cbse);
        element(doc, "IssuedTo").appendChild(signature(doc).cloneNode(true));

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(TWO_SIGNATURES));
    }

    @Test
    void refusesASignatureThatIsNotADirectChildOfTheRoot() {
        Document doc = signed(cbse);
        // The enveloped transform removes the signature wherever it is, so the digest alone would still match.
        element(doc, "IssuedBy").appendChild(signature(doc));

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(NOT_ENVELOPED));
    }

    @Test
    void refusesASignatureWithoutKeyInfo() {
        Document doc = signed(cbse);
        Node keyInfo = doc.getElementsByTagNameNS(DSIG, "KeyInfo").item(0);
        keyInfo.getParentNode().removeChild(keyInfo);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate())))
                .isEqualTo(new Invalid("The signature does not carry the signer's certificate."));
    }

    @Test
    void refusesADocumentThatDeclaresADoctype() throws Exception {
        String signed = new String(SecureXml.serialize(signed(cbse)), StandardCharsets.UTF_8)
                .replace("<Certificate ", "<!DOCTYPE Certificate [<!ATTLIST Performance grace CDATA \"5\">]><Certificate ");
        DocumentBuilderFactory trusting = DocumentBuilderFactory.newDefaultInstance();
        trusting.setNamespaceAware(true);
        Document doc = trusting.newDocumentBuilder()
                .parse(new ByteArrayInputStream(signed.getBytes(StandardCharsets.UTF_8)));

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate())))
                .isEqualTo(new Invalid("The document declares a document type (DTD), which is not accepted."));
    }

    // Signature wrapping

    @Test
    void refusesTheSignedCertificateWrappedUnderAForgedRoot() {
        Document signed = signed(cbse);
        Document forged = sample();
        element(forged, "Performance").setAttribute("percentage", "99.9");
        Element original = forged.createElementNS(null, "Original");
        original.appendChild(forged.importNode(signed.getDocumentElement(), true));
        forged.getDocumentElement().appendChild(original);

        assertThat(XmlSignatures.verify(forged, List.of(cbse.certificate()))).isEqualTo(new Invalid(NOT_ENVELOPED));
    }

    @Test
    void refusesTheSignedContentMovedIntoAnObjectOfTheSignature() {
        Document signed = signed(cbse);
        Document forged = sample();
        element(forged, "Performance").setAttribute("percentage", "99.9");
        Element signature = (Element) forged.importNode(signature(signed), true);
        Element object = forged.createElementNS(DSIG, "ds:Object");
        Element original = (Element) forged.importNode(signed.getDocumentElement(), true);
        original.removeChild(original.getElementsByTagNameNS(DSIG, "Signature").item(0));
        object.appendChild(original);
        signature.appendChild(object);
        forged.getDocumentElement().appendChild(signature);

        assertThat(XmlSignatures.verify(forged, List.of(cbse.certificate())))
                .isEqualTo(new Invalid("The signature carries extra objects, which are not accepted."));
    }

    @Test
    void refusesASecondCertificateInsertedIntoTheSignedDocument() {
        Document doc = signed(cbse);
        Element forgedCertificate = (Element) doc.getDocumentElement().cloneNode(false);
        forgedCertificate.setAttribute("name", "Class XII Marksheet (revised)");
        doc.getDocumentElement().insertBefore(forgedCertificate, doc.getDocumentElement().getFirstChild());

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(CHANGED));
    }

    // References

    @Test
    void refusesAReferenceToAnIdEvenWhenItsDigestAndValueMatch() throws Exception {
        Document doc = sample();
        Element data = element(doc, "CertificateData");
        data.setAttribute("ID", "data");
        signWith(doc, cbse, data, DigestMethod.SHA256, SignatureMethod.RSA_SHA256, CanonicalizationMethod.EXCLUSIVE);
        assertThat(jdkValidates(doc, cbse.certificate(), data)).as("the JDK alone accepts it").isTrue();

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(WHOLE_DOCUMENT));
    }

    @ParameterizedTest
    @ValueSource(strings = { "#xpointer(/)", "#Certificate", "file:///etc/passwd",
            "https://issuer.example/certificate.xml", "missing" })
    void refusesReferencesToAnythingButTheWholeDocument(String uri) {
        Document doc = signed(cbse);
        Element reference = (Element) doc.getElementsByTagNameNS(DSIG, "Reference").item(0);
        if (uri.equals("missing")) {
            reference.removeAttribute("URI");
        }
        else {
            reference.setAttribute("URI", uri);
        }

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(WHOLE_DOCUMENT));
    }

    @Test
    void neverFetchesAnExternalReference() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Document doc = signed(cbse);
            ((Element) doc.getElementsByTagNameNS(DSIG, "Reference").item(0))
                    .setAttribute("URI", "http://127.0.0.1:" + server.getLocalPort() + "/certificate.xml");

            assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(WHOLE_DOCUMENT));
            SecureXmlTests.assertNoConnection(server);
        }
    }

    @Test
    void refusesTwoReferences() {
        Document doc = signed(cbse);
        Node reference = doc.getElementsByTagNameNS(DSIG, "Reference").item(0);
        reference.getParentNode().appendChild(reference.cloneNode(true));

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(
                new Invalid("The signature must have exactly one reference, to the whole document."));
    }

    // Transforms and algorithms

    @ParameterizedTest
    @ValueSource(strings = { Transform.XPATH, Transform.XSLT, Transform.BASE64, CanonicalizationMethod.EXCLUSIVE })
    void refusesTransformsBeyondEnvelopedAndOneCanonicalization(String extra) {
        Document doc = signed(cbse);
        Element transforms = (Element) doc.getElementsByTagNameNS(DSIG, "Transforms").item(0);
        Element transform = doc.createElementNS(DSIG, "ds:Transform");
        transform.setAttribute("Algorithm", extra);
        transforms.appendChild(transform);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(TRANSFORMS));
    }

    @Test
    void refusesAReferenceWithoutTheEnvelopedTransform() {
        Document doc = signed(cbse);
        Node enveloped = doc.getElementsByTagNameNS(DSIG, "Transform").item(0);
        enveloped.getParentNode().removeChild(enveloped);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(TRANSFORMS));
    }

    @Test
    void refusesASha1Digest() {
        Document doc = sample();
        signWith(doc, cbse, DigestMethod.SHA1, SignatureMethod.RSA_SHA256, CanonicalizationMethod.EXCLUSIVE);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(SHA1));
    }

    @Test
    void refusesAnRsaSha1Signature() {
        Document doc = sample();
        signWith(doc, cbse, DigestMethod.SHA256, SignatureMethod.RSA_SHA1, CanonicalizationMethod.EXCLUSIVE);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(SHA1));
    }

    @Test
    void acceptsRsaSha1ForAnIssuerAllowedItAndMarksTheSignature() {
        Document doc = sample();
        signWith(doc, cbse, DigestMethod.SHA1, SignatureMethod.RSA_SHA1, CanonicalizationMethod.INCLUSIVE);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()), LegacyAlgorithms.RSA_SHA1_ALLOWED))
                .isEqualTo(new Valid(cbse.certificate(), true));
        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()), LegacyAlgorithms.REFUSED))
                .isEqualTo(new Invalid(SHA1));
    }

    @Test
    void aCurrentSignatureIsNotMarkedWhereSha1IsAllowed() {
        Document doc = signed(cbse);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()), LegacyAlgorithms.RSA_SHA1_ALLOWED))
                .isEqualTo(new Valid(cbse.certificate(), false));
    }

    @Test
    void anAllowedSha1SignatureStillFailsWhenTheDocumentChanged() {
        Document doc = sample();
        signWith(doc, cbse, DigestMethod.SHA1, SignatureMethod.RSA_SHA1, CanonicalizationMethod.EXCLUSIVE);
        doc.getDocumentElement().setAttribute("number", "999");

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()), LegacyAlgorithms.RSA_SHA1_ALLOWED))
                .isEqualTo(new Invalid("The document was changed after it was signed."));
    }

    @Test
    void allowingSha1AllowsNoOtherWeakAlgorithmNorAnotherForm() {
        Document md5 = signed(cbse);
        algorithmOf(md5, "SignatureMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-md5");
        Document ecdsaSha1 = sample();
        signWith(ecdsaSha1, cbse, DigestMethod.SHA1, SignatureMethod.RSA_SHA1, CanonicalizationMethod.EXCLUSIVE);
        algorithmOf(ecdsaSha1, "SignatureMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1");
        Document noEnveloped = sample();
        signWith(noEnveloped, cbse, DigestMethod.SHA1, SignatureMethod.RSA_SHA1, CanonicalizationMethod.EXCLUSIVE);
        Node enveloped = noEnveloped.getElementsByTagNameNS(DSIG, "Transform").item(0);
        enveloped.getParentNode().removeChild(enveloped);

        assertThat(XmlSignatures.verify(md5, List.of(cbse.certificate()), LegacyAlgorithms.RSA_SHA1_ALLOWED))
                .isEqualTo(new Invalid("The signature uses MD5, which is not accepted."));
        assertThat(XmlSignatures.verify(ecdsaSha1, List.of(cbse.certificate()), LegacyAlgorithms.RSA_SHA1_ALLOWED))
                .isEqualTo(new Invalid(SHA1));
        assertThat(XmlSignatures.verify(noEnveloped, List.of(cbse.certificate()), LegacyAlgorithms.RSA_SHA1_ALLOWED))
                .isEqualTo(new Invalid(TRANSFORMS));
    }

    @Test
    void refusesMd5() {
        Document doc = signed(cbse);
        algorithmOf(doc, "SignatureMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-md5");

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate())))
                .isEqualTo(new Invalid("The signature uses MD5, which is not accepted."));
    }

    @Test
    void refusesAnHmacSignature() {
        Document doc = signed(cbse);
        algorithmOf(doc, "SignatureMethod").setAttribute("Algorithm", SignatureMethod.HMAC_SHA256);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(
                "The signature uses a signature algorithm that is not accepted; only RSA and ECDSA with SHA-256 or stronger are."));
    }

    @Test
    void refusesASignedInfoCanonicalizationThatIsNotC14n() {
        Document doc = signed(cbse);
        algorithmOf(doc, "CanonicalizationMethod").setAttribute("Algorithm", Transform.XSLT);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(
                "The signature's canonicalization method is not accepted; only canonical XML and exclusive canonical XML are."));
    }

    @Test
    void refusesASignatureAlgorithmThatDoesNotFitTheRegisteredKey() {
        Document doc = signed(cbse);
        algorithmOf(doc, "SignatureMethod").setAttribute("Algorithm", SignatureMethod.ECDSA_SHA256);

        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(
                "The signature's algorithm does not fit the key of the issuer's registered certificate."));
    }

    // Signing

    @Test
    void signsWithAnEnvelopedSignatureAsTheRootsLastChild() {
        Document doc = signed(cbse);

        Node last = doc.getDocumentElement().getLastChild();
        assertThat(last.getNamespaceURI()).isEqualTo(DSIG);
        assertThat(last.getLocalName()).isEqualTo("Signature");
        assertThat(algorithmOf(doc, "SignatureMethod").getAttribute("Algorithm")).isEqualTo(SignatureMethod.RSA_SHA256);
        assertThat(algorithmOf(doc, "DigestMethod").getAttribute("Algorithm")).isEqualTo(DigestMethod.SHA256);
        assertThat(algorithmOf(doc, "CanonicalizationMethod").getAttribute("Algorithm"))
                .isEqualTo(CanonicalizationMethod.EXCLUSIVE);
    }

    @Test
    void refusesToSignWithAKeyThatIsNotTheCertificates() {
        assertThatThrownBy(() -> XmlSignatures.sign(sample(), attacker.privateKey(), cbse.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The private key does not belong to the certificate.");
        assertThatThrownBy(() -> XmlSignatures.sign(sample(), cbseEc.privateKey(), cbse.certificate()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToSignADocumentTwice() {
        Document doc = signed(cbse);

        assertThatThrownBy(() -> XmlSignatures.sign(doc, cbse.privateKey(), cbse.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The document is already signed.");
    }

    // Another implementation: xmlsec1 (libxmlsec1 with OpenSSL)

    @ParameterizedTest
    @ValueSource(strings = { "RSA", "EC" })
    void xmlsec1VerifiesOurSignatureAndRefusesATamperedCopy(String kind, @TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(XMLSEC1), "xmlsec1 is not installed");
        TestIssuerKeys keys = kind.equals("EC") ? cbseEc : cbse;
        Document doc = signed(keys);
        Path certificate = Files.writeString(dir.resolve("cert.pem"), keys.certificatePem());
        Path signedFile = Files.write(dir.resolve("signed.xml"), SecureXml.serialize(doc));
        element(doc, "Performance").setAttribute("percentage", "98.2");
        Path tamperedFile = Files.write(dir.resolve("tampered.xml"), SecureXml.serialize(doc));

        Xmlsec1Run signed = xmlsec1Verify(certificate, signedFile);
        Xmlsec1Run tampered = xmlsec1Verify(certificate, tamperedFile);

        assertThat(signed.exitCode()).as(signed.output()).isZero();
        assertThat(signed.output()).contains("OK", "SignedInfo References (ok/all): 1/1");
        assertThat(tampered.exitCode()).as(tampered.output()).isNotZero();
        assertThat(tampered.output()).contains("FAIL");
    }

    @Test
    void acceptsADocumentSignedByXmlsec1(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(XMLSEC1), "xmlsec1 is not installed");
        Path key = Files.writeString(dir.resolve("key.pem"), cbse.privateKeyPem());
        Path certificate = Files.writeString(dir.resolve("cert.pem"), cbse.certificatePem());
        String template = CERTIFICATE_XML.replace("</Certificate>", """
                <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>\
                <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>\
                <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>\
                <ds:Reference URI=""><ds:Transforms>\
                <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>\
                <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>\
                <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/>\
                </ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate/>\
                </ds:X509Data></ds:KeyInfo></ds:Signature></Certificate>""");
        Path templateFile = Files.writeString(dir.resolve("template.xml"), template);
        Path signedFile = dir.resolve("signed.xml");

        Xmlsec1Run run = xmlsec1("--sign", "--privkey-pem", key + "," + certificate, "--output", signedFile.toString(),
                templateFile.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        Document doc = SecureXml.parse(Files.readAllBytes(signedFile), 1 << 20);
        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Valid(cbse.certificate()));
        element(doc, "Person").setAttribute("name", "Asha Varma");
        assertThat(XmlSignatures.verify(doc, List.of(cbse.certificate()))).isEqualTo(new Invalid(CHANGED));
    }

    // Fixtures

    static Document sample() {
        return SecureXml.parse(CERTIFICATE_XML.getBytes(StandardCharsets.UTF_8), 1 << 20);
    }

    static Document signed(TestIssuerKeys keys) {
        Document doc = sample();
        XmlSignatures.sign(doc, keys.privateKey(), keys.certificate());
        return doc;
    }

    static Element element(Document doc, String name) {
        return (Element) doc.getElementsByTagName(name).item(0);
    }

    static Element signature(Document doc) {
        return (Element) doc.getElementsByTagNameNS(DSIG, "Signature").item(0);
    }

    static Element algorithmOf(Document doc, String dsElement) {
        return (Element) doc.getElementsByTagNameNS(DSIG, dsElement).item(0);
    }

    /**
     * Signs with the JDK's API directly, for signatures that {@link XmlSignatures#sign} would never make:
     * transforms enveloped-signature and {@code canonicalization}, reference URI "".
     */
    static void signWith(Document doc, TestIssuerKeys keys, String digest, String method, String canonicalization) {
        signWith(doc, keys, null, digest, method, canonicalization);
    }

    /** As above, but referencing only {@code target} by its ID attribute when it is not null. */
    static void signWith(Document doc, TestIssuerKeys keys, Element target, String digest, String method,
            String canonicalization) {
        keys.signWith(doc, target, digest, method, canonicalization);
    }

    /** Whether the JDK's own validation, without Tijori's rules, accepts the signature. */
    static boolean jdkValidates(Document doc, X509Certificate certificate, Element idElement) throws Exception {
        DOMValidateContext context = new DOMValidateContext(certificate.getPublicKey(), signature(doc));
        context.setIdAttributeNS(idElement, null, "ID");
        return XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context).validate(context);
    }

    record Xmlsec1Run(int exitCode, String output) {
    }

    static Xmlsec1Run xmlsec1Verify(Path certificate, Path file) throws IOException, InterruptedException {
        // Only the registered certificate's key (no trust in KeyInfo's X509Data), and only URI="" references.
        return xmlsec1("--verify", "--pubkey-cert-pem", certificate.toString(), "--enabled-reference-uris", "empty",
                "--enabled-key-data", "rsa,ecdsa", file.toString());
    }

    static Xmlsec1Run xmlsec1(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(XMLSEC1.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("xmlsec1 finished").isTrue();
        return new Xmlsec1Run(process.exitValue(), output);
    }
}
