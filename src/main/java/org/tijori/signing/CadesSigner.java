package org.tijori.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Detached CMS signatures at the CAdES baseline B-T level, as a PAdES signature's {@code /Contents} and as an
 * image's {@code .p7s}: SHA-256, the signer's certificate and its chain, the signed attributes content-type,
 * message-digest and signing-certificate-v2 (and CMS algorithm protection), and a signature time-stamp as an
 * unsigned attribute. No signing-time attribute: PAdES takes the claimed time from the signature dictionary, and
 * the time-stamp is the time that counts for both.
 */
final class CadesSigner {

    private final TimeStampAuthority timeStamps;

    CadesSigner(TimeStampAuthority timeStamps) {
        this.timeStamps = Objects.requireNonNull(timeStamps, "timeStamps");
    }

    /** What was signed and when the time-stamp says it was. */
    record Signed(byte[] cms, TimeStampToken timeStamp) {
    }

    /**
     * Signs the content read from {@code content} (to its end; not closed) with {@code signer}.
     *
     * @return the DER encoding of a CMS ContentInfo holding a detached SignedData
     */
    Signed sign(InputStream content, IssuedCredential signer) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(new WithoutSigningTime(signingCertificate(signer.certificate())))
                    .build(CertificateAuthority.signer(signer.privateKey()), signer.certificate()));
            generator.addCertificates(new JcaCertStore(signer.chain()));
            CMSSignedData signed = generator.generate(new StreamedContent(content), false);
            SignerInformation signerInfo = signed.getSignerInfos().getSigners().iterator().next();
            TimeStampToken token = timeStamps.stamp(MessageDigest.getInstance("SHA-256")
                    .digest(signerInfo.getSignature()));
            AttributeTable unsigned = new AttributeTable(new Attribute(
                    PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    new DERSet(token.toCMSSignedData().toASN1Structure())));
            SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signerInfo, unsigned);
            CMSSignedData result = CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped));
            return new Signed(result.toASN1Structure().getEncoded(ASN1Encoding.DER), token);
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not read what is signed", e);
        }
        catch (GeneralSecurityException | OperatorCreationException | CMSException e) {
            throw new IllegalStateException("could not make a CMS signature", e);
        }
    }

    /** signing-certificate-v2 (RFC 5035): the signer's certificate by its SHA-256 digest, issuer and serial. */
    private static Attribute signingCertificate(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(
                X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()))),
                certificate.getSerialNumber());
        return new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2[] { new ESSCertIDv2(digest, issuerSerial) })));
    }

    /** Bouncy Castle's standard signed attributes, with signing-certificate-v2 and without signing-time. */
    private static final class WithoutSigningTime extends DefaultSignedAttributeTableGenerator {

        WithoutSigningTime(Attribute signingCertificate) {
            super(new AttributeTable(signingCertificate));
        }

        @Override
        @SuppressWarnings({ "rawtypes", "unchecked" })
        protected Hashtable createStandardAttributeTable(Map parameters) {
            Hashtable table = super.createStandardAttributeTable(parameters);
            table.remove(CMSAttributes.signingTime);
            return table;
        }
    }

    /** Content read once, straight into the digest, however large. */
    private record StreamedContent(InputStream in) implements CMSTypedData {

        @Override
        public ASN1ObjectIdentifier getContentType() {
            return CMSObjectIdentifiers.data;
        }

        @Override
        public void write(OutputStream out) throws IOException {
            in.transferTo(out);
        }

        @Override
        public Object getContent() {
            return in;
        }
    }
}
