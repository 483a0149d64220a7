package org.tijori.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/**
 * A certification authority made at test time, with what it issues: signers' certificates, a time-stamping
 * authority and a CRL; and PDFs and detached signatures made with them by PDFBox and Bouncy Castle, as any
 * signing tool would make them (not by the code under test). No key is ever written anywhere.
 */
public final class TestEsignPki {

    /** RFC 9608's noRevAvail: no revocation information is published for this certificate. */
    static final ASN1ObjectIdentifier NO_REV_AVAIL = new ASN1ObjectIdentifier("2.5.29.56");

    private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;

    private final X509Certificate ca;

    private final KeyPair tsaKeys;

    private final X509Certificate tsa;

    private TestEsignPki(KeyPair caKeys, X509Certificate ca, KeyPair tsaKeys, X509Certificate tsa) {
        this.caKeys = caKeys;
        this.ca = ca;
        this.tsaKeys = tsaKeys;
        this.tsa = tsa;
    }

    /** A new CA named {@code name}, valid from yesterday for a year, and its time-stamping authority. */
    public static TestEsignPki create(String name) {
        try {
            KeyPair caKeys = ecKeys();
            X500Name subject = new X500Name("CN=" + name + ", O=Tijori tests, C=IN");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                    caKeys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate ca = certificate(builder, caKeys.getPrivate());
            KeyPair tsaKeys = ecKeys();
            JcaX509v3CertificateBuilder tsaBuilder = new JcaX509v3CertificateBuilder(ca, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                    new X500Name("CN=" + name + " TSA, O=Tijori tests, C=IN"), tsaKeys.getPublic());
            tsaBuilder.addExtension(Extension.extendedKeyUsage, true,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            tsaBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            tsaBuilder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(ca));
            tsaBuilder.addExtension(NO_REV_AVAIL, false, org.bouncycastle.asn1.DERNull.INSTANCE);
            return new TestEsignPki(caKeys, ca, tsaKeys, certificate(tsaBuilder, caKeys.getPrivate()));
        }
        catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A signer's key and certificate. */
    public record Signer(PrivateKey key, X509Certificate certificate, List<X509Certificate> chain) {
    }

    /** A signer named {@code name}, with a locker ID in {@code serialNumber} and {@code pseudonym}. */
    public Signer signer(String name, String lockerId) {
        return signer(name, lockerId, null);
    }

    /**
     * A signer whose certificate points at {@code url} for its issuer (AIA), its OCSP responder and its CRL: a
     * validator that fetches anything would ask there.
     */
    public Signer signer(String name, String lockerId, String url) {
        try {
            KeyPair keys = ecKeys();
            X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "IN")
                    .addRDN(BCStyle.CN, name);
            if (lockerId != null) {
                subject.addRDN(BCStyle.SERIALNUMBER, lockerId).addRDN(BCStyle.PSEUDONYM, lockerId);
            }
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                    subject.build(), keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(ca));
            if (url == null) {
                // Short-lived, as Tijori's are: no revocation data exists for it (RFC 9608), so none is sought.
                builder.addExtension(NO_REV_AVAIL, false, org.bouncycastle.asn1.DERNull.INSTANCE);
            }
            else {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        new AccessDescription[] {
                                new AccessDescription(X509ObjectIdentifiers.id_ad_caIssuers,
                                        new GeneralName(GeneralName.uniformResourceIdentifier, url + "/ca.cer")),
                                new AccessDescription(X509ObjectIdentifiers.id_ad_ocsp,
                                        new GeneralName(GeneralName.uniformResourceIdentifier, url + "/ocsp")) }));
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(
                        new DistributionPoint[] { new DistributionPoint(new DistributionPointName(new GeneralNames(
                                new GeneralName(GeneralName.uniformResourceIdentifier, url + "/crl"))), null,
                                null) }));
            }
            X509Certificate certificate = certificate(builder, caKeys.getPrivate());
            return new Signer(keys.getPrivate(), certificate, url == null ? List.of(certificate, ca)
                    : List.of(certificate));
        }
        catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An empty CRL of the CA, issued a minute ago, next due tomorrow. */
    public X509CRLHolder crl() {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(new JcaX509CertificateHolder(ca).getSubject(),
                    Date.from(now.minus(Duration.ofMinutes(1))));
            builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
        }
        catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A CMS signature (CAdES: signing-certificate-v2, and a signature time-stamp when {@code timestamped}) over
     * {@code content}, detached; the CA's CRL inside when {@code withCrl}.
     */
    public byte[] cms(Signer signer, byte[] content, boolean timestamped, boolean withCrl, boolean signingTime) {
        try {
            ASN1EncodableVector signed = new ASN1EncodableVector();
            byte[] certificateHash = MessageDigest.getInstance("SHA-256").digest(signer.certificate().getEncoded());
            signed.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(
                    new SigningCertificateV2(new ESSCertIDv2[] { new ESSCertIDv2(certificateHash) }))));
            if (signingTime) {
                signed.add(new Attribute(PKCSObjectIdentifiers.pkcs_9_at_signingTime, new DERSet(
                        new org.bouncycastle.asn1.cms.Time(new Date()))));
            }
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.key());
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(signed)))
                    .build(contentSigner, signer.certificate()));
            generator.addCertificates(new JcaCertStore(signer.chain()));
            if (withCrl) {
                generator.addCRL(crl());
            }
            CMSSignedData data = generator.generate(new CMSProcessableByteArray(content), false);
            if (timestamped) {
                data = withTimestamp(data);
            }
            return data.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private CMSSignedData withTimestamp(CMSSignedData data) throws Exception {
        List<SignerInformation> signers = new ArrayList<>();
        for (SignerInformation signer : data.getSignerInfos().getSigners()) {
            TimeStampToken token = timestamp(signer.getSignature());
            ASN1EncodableVector unsigned = new ASN1EncodableVector();
            unsigned.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    new DERSet(token.toCMSSignedData().toASN1Structure())));
            signers.add(SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(unsigned)));
        }
        return CMSSignedData.replaceSigners(data, new SignerInformationStore(signers));
    }

    /** An RFC 3161 time-stamp token of this CA's TSA over {@code data}. */
    TimeStampToken timestamp(byte[] data) throws Exception {
        byte[] imprint = MessageDigest.getInstance("SHA-256").digest(data);
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request = requests.generate(NISTObjectIdentifiers.id_sha256, imprint,
                BigInteger.valueOf(new SecureRandom().nextLong()));
        TimeStampTokenGenerator generator = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", tsaKeys.getPrivate(), tsa),
                new JcaDigestCalculatorProviderBuilder().build().get(
                        new org.bouncycastle.asn1.x509.AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                new ASN1ObjectIdentifier("1.2.3.4.5"));
        generator.addCertificates(new JcaCertStore(List.of(tsa, ca)));
        return generator.generate(request, serial(), new Date());
    }

    /** A one-page PDF saying {@code text}, and {@code padding} bytes of incompressible content when asked. */
    public static byte[] pdf(String text, int padding) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            if (padding > 0) {
                byte[] noise = new byte[padding];
                new Random(42).nextBytes(noise);
                PDStream stream = new PDStream(document, new ByteArrayInputStream(noise));
                page.getCOSObject().setItem(org.apache.pdfbox.cos.COSName.getPDFName("TijoriPadding"), stream);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code pdf} signed by {@code signer} in an incremental update, as PAdES (ETSI.CAdES.detached), with a
     * signature time-stamp when {@code timestamped} and the CA's CRL inside when {@code withCrl}.
     */
    public byte[] signPdf(byte[] pdf, Signer signer, boolean timestamped, boolean withCrl) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(signer.certificate().getSubjectX500Principal().getName());
            signature.setReason("Tests");
            signature.setSignDate(Calendar.getInstance());
            SignatureOptions options = new SignatureOptions();
            options.setPreferredSignatureSize(32_768);
            document.addSignature(signature, content -> cms(signer, content.readAllBytes(), timestamped, withCrl,
                    false), options);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            options.close();
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code signed} with a line of text added to its first page in an incremental update, as an editor would. */
    public static byte[] editAfterSigning(byte[] signed, String text) {
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDPage page = document.getPage(0);
            try (PDPageContentStream content = new PDPageContentStream(document, page,
                    PDPageContentStream.AppendMode.APPEND, true)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 14);
                content.newLineAtOffset(72, 650);
                content.showText(text);
                content.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            document.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            document.getDocumentCatalog().getPages().getCOSObject().setNeedToBeUpdated(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(serials.incrementAndGet());
    }

    private static X509Certificate certificate(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

}
