package org.tijori.signing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import org.tijori.signing.UnsignableDocumentException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Detached CAdES signatures of images, checked by openssl with Tijori's CA as the only trusted one. */
class ImageSignaturesTests {

    @TempDir
    static Path directory;

    static EsignFixture fixture;

    @BeforeAll
    static void fixture() {
        fixture = new EsignFixture(directory);
    }

    @Test
    void opensslVerifiesTheDetachedSignatureOfAnImageAndNotOfAnotherImage() throws Exception {
        EsignFixture.assumeTool("openssl");
        for (String format : new String[] { "png", "jpg" }) {
            byte[] image = image(format, 0x2266aa);
            Path imageFile = Files.write(directory.resolve("photo." + format), image);

            DetachedSignature signature = fixture.signatures().signImage(new ByteArrayInputStream(image),
                    EsignFixture.ASHA);

            Path p7s = Files.write(directory.resolve("photo." + format + ".p7s"), signature.p7s());
            var verified = verify(p7s, imageFile);
            assertThat(verified.output()).as(format).contains("Verification successful");
            assertThat(verified.exitCode()).isZero();
            Path other = Files.write(directory.resolve("other." + format), image(format, 0xaa2266));
            assertThat(verify(p7s, other).output()).as(format).doesNotContain("Verification successful");
        }
    }

    @Test
    void theSignatureIsCadesBaselineWithATimeStamp() throws Exception {
        DetachedSignature signature = fixture.signatures().signImage(new ByteArrayInputStream(image("png", 1)),
                EsignFixture.ASHA);

        CMSSignedData cms = new CMSSignedData(signature.p7s());
        assertThat(cms.isDetachedSignature()).isTrue();
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
        assertThat(signer.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.1");
        assertThat(signer.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)).isNotNull();
        assertThat(signer.getSignedAttributes().get(CMSAttributes.signingTime)).isNull();
        assertThat(signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken))
                .isNotNull();
        assertThat(cms.getCertificates().getMatches(null)).hasSize(2);
        assertThat(signature.receipt().certificateSubject()).contains("CN=Asha Verma");
        assertThat(signature.receipt().timeStampedAt()).isNotNull();
    }

    @Test
    void refusesWhatIsNotAJpegOrPngAndWhatIsTooLarge() throws Exception {
        assertThatThrownBy(() -> fixture.signatures().signImage(new ByteArrayInputStream("%PDF-1.7".getBytes()),
                EsignFixture.ASHA)).isInstanceOf(UnsignableDocumentException.class)
                .satisfies(e -> assertThat(((UnsignableDocumentException) e).reason()).isEqualTo(Reason.NOT_AN_IMAGE));
        byte[] image = image("png", 7);
        var limits = fixture.limits();
        var small = fixture.signatures(new PadesSigner.Limits(DataSize.ofBytes(image.length - 1), limits.maxPages(),
                limits.timeout(), limits.maxScratch(), directory));
        assertThatThrownBy(() -> small.signImage(new ByteArrayInputStream(image), EsignFixture.ASHA))
                .isInstanceOf(UnsignableDocumentException.class)
                .satisfies(e -> assertThat(((UnsignableDocumentException) e).reason()).isEqualTo(Reason.TOO_LARGE));
    }

    private static EsignFixture.Result verify(Path p7s, Path content) throws Exception {
        return EsignFixture.run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(),
                "-content", content.toString(), "-CAfile", fixture.caPem().toString(), "-out", "/dev/null");
    }

    static byte[] image(String format, int colour) throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 48; y++) {
                image.setRGB(x, y, colour ^ (x * y));
            }
        }
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, format.equals("jpg") ? "jpeg" : format, out);
        return out.toByteArray();
    }
}
