package org.tijori.signing;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import org.tijori.signing.PdfSignatureOptions.VisibleSignature;
import org.tijori.signing.UnsignableDocumentException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PAdES signatures, checked by poppler's pdfsig (NSS) with Tijori's CA trusted and by openssl, not by the signer
 * itself; and the PDFs that are refused.
 */
class PdfSignaturesTests {

    static final SignerIdentity RAVI = new SignerIdentity("ravi_k", false,
            UUID.fromString("5d0c9a43-6e71-4f2b-8a1d-0c3e5b7f9a12"));

    @TempDir
    static Path directory;

    static EsignFixture fixture;

    @BeforeAll
    static void fixture() {
        fixture = new EsignFixture(directory);
    }

    @Test
    void popplerFindsTheSignatureValidTrustedAndCoveringTheWholeDocument() throws Exception {
        EsignFixture.assumeTool("pdfsig");
        EsignFixture.assumeTool("certutil");
        Path signed = fixture.sign(fixture.signatures(), fixture.pdf("agreement.pdf", 3), "agreement-signed.pdf",
                EsignFixture.ASHA, new PdfSignatureOptions("I agree", "Pune", null));

        String report = pdfsig(signed);

        assertThat(report).contains("Signature is Valid.").contains("Certificate is Trusted.")
                .contains("Total document signed").contains("Signer Certificate Common Name: Asha Verma")
                .contains("ETSI.CAdES.detached");
    }

    @Test
    void aByteChangedInsideTheSignedRangeMakesTheSignatureInvalid() throws Exception {
        EsignFixture.assumeTool("pdfsig");
        EsignFixture.assumeTool("certutil");
        Path signed = fixture.sign(fixture.signatures(), fixture.pdf("lease.pdf", 1), "lease-signed.pdf",
                EsignFixture.ASHA, new PdfSignatureOptions("I agree", null, null));
        byte[] bytes = Files.readAllBytes(signed);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("(I agree)");
        assertThat(at).isPositive();
        bytes[at + 3] = 'A';
        Path tampered = directory.resolve("lease-tampered.pdf");
        Files.write(tampered, bytes);

        assertThat(pdfsig(signed)).contains("Signature is Valid.");
        assertThat(pdfsig(tampered)).contains("Digest Mismatch.").doesNotContain("Signature is Valid.");
    }

    @Test
    void aSecondSignatureKeepsTheFirstValid() throws Exception {
        EsignFixture.assumeTool("pdfsig");
        EsignFixture.assumeTool("certutil");
        Path once = fixture.sign(fixture.signatures(), fixture.pdf("sale.pdf", 2), "sale-signed.pdf",
                EsignFixture.ASHA, PdfSignatureOptions.NONE);
        Path twice = fixture.sign(fixture.signatures(), once, "sale-signed-twice.pdf", RAVI,
                new PdfSignatureOptions(null, null, VisibleSignature.onPage(2)));

        String report = pdfsig(twice);

        assertThat(report).contains("Signature #1:").contains("Signature #2:");
        String first = report.substring(report.indexOf("Signature #1:"), report.indexOf("Signature #2:"));
        String second = report.substring(report.indexOf("Signature #2:"));
        assertThat(first).contains("Asha Verma").contains("Signature is Valid.").contains("Certificate is Trusted.")
                .contains("Not total document signed");
        assertThat(second).contains("ravi_k (unverified)").contains("Signature is Valid.")
                .contains("Certificate is Trusted.").contains("Total document signed");
        assertThat(Files.mismatch(once, twice)).as("the first revision is kept byte for byte")
                .isEqualTo(Files.size(once));
    }

    @Test
    void opensslVerifiesTheCmsTakenFromTheByteRangeAndItsTimeStamp() throws Exception {
        EsignFixture.assumeTool("openssl");
        Path signed = fixture.sign(fixture.signatures(), fixture.pdf("deed.pdf", 1), "deed-signed.pdf",
                EsignFixture.ASHA, PdfSignatureOptions.NONE);
        byte[] bytes = Files.readAllBytes(signed);
        byte[] cms;
        byte[] content;
        try (PDDocument document = Loader.loadPDF(signed.toFile())) {
            PDSignature signature = document.getLastSignatureDictionary();
            cms = signature.getContents(bytes);
            content = signature.getSignedContent(bytes);
        }
        Path cmsFile = Files.write(directory.resolve("deed.p7s"), cms);
        Path contentFile = Files.write(directory.resolve("deed.content"), content);

        var verified = EsignFixture.run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                cmsFile.toString(), "-content", contentFile.toString(), "-CAfile", fixture.caPem().toString(),
                "-out", "/dev/null");
        assertThat(verified.output()).contains("Verification successful");
        assertThat(verified.exitCode()).isZero();

        SignerInformation signer = new CMSSignedData(org.bouncycastle.asn1.cms.ContentInfo.getInstance(
                new org.bouncycastle.asn1.ASN1InputStream(cms).readObject())).getSignerInfos().getSigners().iterator().next();
        assertThat(signer.getSignedAttributes().get(CMSAttributes.signingTime))
                .as("PAdES B: no signing-time, the PDF's /M says it").isNull();
        assertThat(signer.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)).isNotNull();
        var stamp = signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        assertThat(stamp).isNotNull();
        Path token = Files.write(directory.resolve("deed.tst"),
                stamp.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded("DER"));
        String imprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signer.getSignature()));

        var stamped = EsignFixture.run("openssl", "ts", "-verify", "-token_in", "-in", token.toString(), "-digest",
                imprint, "-CAfile", fixture.caPem().toString());
        assertThat(stamped.output()).contains("Verification: OK");

        String otherImprint = imprint.substring(0, 63) + (imprint.endsWith("0") ? "1" : "0");
        var wrong = EsignFixture.run("openssl", "ts", "-verify", "-token_in", "-in", token.toString(), "-digest",
                otherImprint, "-CAfile", fixture.caPem().toString());
        assertThat(wrong.output()).doesNotContain("Verification: OK");
    }

    @Test
    void theDocumentSecurityStoreHoldsTheChainAndTheCrl() throws Exception {
        Path signed = fixture.sign(fixture.signatures(), fixture.pdf("will.pdf", 1), "will-signed.pdf",
                EsignFixture.ASHA, PdfSignatureOptions.NONE);

        try (PDDocument document = Loader.loadPDF(signed.toFile())) {
            COSDictionary dss = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
            assertThat(dss).isNotNull();
            COSArray certs = dss.getCOSArray(COSName.getPDFName("Certs"));
            COSArray crls = dss.getCOSArray(COSName.getPDFName("CRLs"));
            assertThat(certs).hasSize(3);
            assertThat(crls).hasSize(1);
            try (InputStream in = ((COSStream) crls.getObject(0)).createInputStream()) {
                X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
                crl.verify(fixture.ca.certificate().getPublicKey());
            }
        }
    }

    @Test
    void aVisibleSignatureSitsInItsBoxOnItsPage() throws Exception {
        Path signed = fixture.sign(fixture.signatures(), fixture.pdf("form.pdf", 2), "form-signed.pdf",
                EsignFixture.ASHA, new PdfSignatureOptions("Approved", "Delhi", new VisibleSignature(2, 300, 100,
                        200, 60)));

        try (PDDocument document = Loader.loadPDF(signed.toFile())) {
            PDSignatureField field = document.getSignatureFields().get(0);
            var widget = field.getWidgets().get(0);
            assertThat(widget.getRectangle().getLowerLeftX()).isEqualTo(300f);
            assertThat(widget.getRectangle().getLowerLeftY()).isEqualTo(100f);
            assertThat(widget.getRectangle().getWidth()).isEqualTo(200f);
            assertThat(document.getPage(1).getAnnotations()).anyMatch(a -> a.getCOSObject()
                    .equals(widget.getCOSObject()));
            assertThat(widget.getAppearance().getNormalAppearance().getAppearanceStream()).isNotNull();
        }
        if (EsignFixture.onPath("pdftotext")) {
            var text = EsignFixture.run("pdftotext", "-f", "2", "-l", "2", signed.toString(), "-");
            assertThat(text.output()).contains("Digitally signed by Asha Verma").contains("Reason: Approved");
        }
    }

    @Test
    void aVisibleSignatureOfANameBeyondLatinStillSigns() throws Exception {
        SignerIdentity hindi = new SignerIdentity("\u0906\u0936\u093e \u0935\u0930\u094d\u092e\u093e", true,
                EsignFixture.ASHA.lockerId());

        Path signed = fixture.sign(fixture.signatures(), fixture.pdf("hindi.pdf", 1), "hindi-signed.pdf", hindi,
                new PdfSignatureOptions("\u0938\u0939\u092e\u0924", null, VisibleSignature.onPage(1)));

        try (PDDocument document = Loader.loadPDF(signed.toFile())) {
            assertThat(document.getLastSignatureDictionary().getName()).isEqualTo(hindi.commonName());
        }
        if (EsignFixture.onPath("pdfsig") && EsignFixture.onPath("certutil")) {
            assertThat(pdfsig(signed)).contains("Signature is Valid.").contains("Total document signed");
        }
    }

    @Test
    void refusesWhatIsNotAPdfAndWritesNothing() throws Exception {
        Path text = Files.writeString(directory.resolve("notes.pdf"), "Just some notes, not a PDF at all.");
        Path damaged = directory.resolve("damaged.pdf");
        byte[] pdf = Files.readAllBytes(fixture.pdf("whole.pdf", 1));
        Files.write(damaged, java.util.Arrays.copyOf(pdf, pdf.length / 3));

        assertRefused(fixture.signatures(), text, PdfSignatureOptions.NONE, Reason.NOT_A_PDF);
        assertRefused(fixture.signatures(), damaged, PdfSignatureOptions.NONE, Reason.NOT_A_PDF);
    }

    @Test
    void refusesEncryptedPdfs() throws Exception {
        for (String userPassword : List.of("secret", "")) {
            Path encrypted = directory.resolve("encrypted-" + userPassword.length() + ".pdf");
            try (PDDocument document = Loader.loadPDF(fixture.pdf("plain.pdf", 1).toFile())) {
                AccessPermission permissions = new AccessPermission();
                permissions.setCanModify(false);
                var policy = new StandardProtectionPolicy("owner-secret", userPassword, permissions);
                policy.setEncryptionKeyLength(256);
                document.protect(policy);
                document.save(encrypted.toFile());
            }
            assertRefused(fixture.signatures(), encrypted, PdfSignatureOptions.NONE, Reason.ENCRYPTED);
        }
    }

    @Test
    void refusesAPdfCertifiedAgainstAnyChange() throws Exception {
        Path certified = directory.resolve("certified.pdf");
        try (PDDocument document = Loader.loadPDF(fixture.pdf("to-certify.pdf", 1).toFile())) {
            COSDictionary parameters = new COSDictionary();
            parameters.setInt(COSName.P, 1);
            parameters.setName(COSName.V, "1.2");
            COSDictionary reference = new COSDictionary();
            reference.setItem(COSName.getPDFName("TransformMethod"), COSName.DOCMDP);
            reference.setItem(COSName.getPDFName("TransformParams"), parameters);
            COSArray references = new COSArray();
            references.add(reference);
            COSDictionary signature = new COSDictionary();
            signature.setItem(COSName.TYPE, COSName.SIG);
            signature.setItem(COSName.getPDFName("Reference"), references);
            COSDictionary perms = new COSDictionary();
            perms.setItem(COSName.DOCMDP, signature);
            document.getDocumentCatalog().getCOSObject().setItem(COSName.PERMS, perms);
            document.save(certified.toFile());
        }

        assertRefused(fixture.signatures(), certified, PdfSignatureOptions.NONE, Reason.LOCKED);
    }

    @Test
    void refusesWhatIsTooLargeHasTooManyPagesOrTakesTooLong() throws Exception {
        Path pdf = fixture.pdf("three.pdf", 3);
        var limits = fixture.limits();

        assertRefused(fixture.signatures(new PadesSigner.Limits(DataSize.ofBytes(Files.size(pdf) - 1),
                limits.maxPages(), limits.timeout(), limits.maxScratch(), directory)), pdf, PdfSignatureOptions.NONE,
                Reason.TOO_LARGE);
        assertRefused(fixture.signatures(new PadesSigner.Limits(limits.maxInputSize(), 2, limits.timeout(),
                limits.maxScratch(), directory)), pdf, PdfSignatureOptions.NONE, Reason.TOO_MANY_PAGES);
        assertRefused(fixture.signatures(new PadesSigner.Limits(limits.maxInputSize(), limits.maxPages(),
                Duration.ZERO, limits.maxScratch(), directory)), pdf, PdfSignatureOptions.NONE, Reason.TOO_SLOW);
    }

    @Test
    void refusesAVisibleSignatureOffThePage() throws Exception {
        Path pdf = fixture.pdf("two.pdf", 2);

        assertRefused(fixture.signatures(), pdf, new PdfSignatureOptions(null, null, VisibleSignature.onPage(3)),
                Reason.BAD_PLACEMENT);
        assertRefused(fixture.signatures(), pdf, new PdfSignatureOptions(null, null,
                new VisibleSignature(1, 500, 36, 200, 60)), Reason.BAD_PLACEMENT);
    }

    private static void assertRefused(EsignSignatures signatures, Path pdf, PdfSignatureOptions options,
            Reason reason) throws Exception {
        var out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(pdf)) {
            assertThatThrownBy(() -> signatures.signPdf(in, out, EsignFixture.ASHA, options))
                    .isInstanceOf(UnsignableDocumentException.class)
                    .satisfies(e -> assertThat(((UnsignableDocumentException) e).reason()).isEqualTo(reason));
        }
        assertThat(out.size()).as("nothing written").isZero();
    }

    private static String pdfsig(Path pdf) throws Exception {
        return EsignFixture.run("pdfsig", "-nssdir", "sql:" + fixture.nssDatabase(), pdf.toString()).output();
    }
}
