package org.tijori.signing;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the e-sign CA puts in the certificate of one signing. */
class CertificateAuthorityTests {

    static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");

    final CertificateAuthority ca = CertificateAuthority.generate(URI.create("https://locker.example/"), NOW,
            Duration.ofDays(3650));

    @Test
    void issuesACertificateForMinutesNamingTheSignerAndTheirLocker() throws Exception {
        UUID locker = UUID.fromString("0b7e2f4c-2d39-4c5e-9f0a-3b1d6e8a9c21");

        IssuedCredential credential = ca.issueSigner(new SignerIdentity("Asha Verma", true, locker), NOW,
                Duration.ofMinutes(10));

        X509Certificate certificate = credential.certificate();
        certificate.verify(ca.certificate().getPublicKey());
        // serialNumber a PrintableString (X.520), pseudonym a UTF8String (a DirectoryString, RFC 5280)
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo(
                "2.5.4.5=#1324" + hex(locker.toString()) + ",2.5.4.65=#0c24" + hex(locker.toString())
                        + ",CN=Asha Verma");
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateAuthority.BACKDATE));
        assertThat(certificate.getKeyUsage()).startsWith(true, true, false, false, false, false, false);
        assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.15").doesNotContain("2.5.29.37");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(
                certificate.getExtensionValue("2.5.29.31")).getOctets());
        GeneralName where = GeneralNames.getInstance(points.getDistributionPoints()[0].getDistributionPoint()
                .getName()).getNames()[0];
        assertThat(where.getName().toString()).isEqualTo("https://locker.example/esign/crl");
        assertThat(credential.chain()).containsExactly(certificate, ca.certificate());
        assertThat(credential.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(ca.issueSigner(EsignFixture.ASHA, NOW, Duration.ofMinutes(10)).certificate().getPublicKey())
                .as("a new key for each signing").isNotEqualTo(certificate.getPublicKey());
    }

    @Test
    void marksANameTheNationalIdAuthorityDidNotGive() {
        UUID locker = UUID.randomUUID();

        assertThat(new SignerIdentity("ravi_k", false, locker).commonName()).isEqualTo("ravi_k (unverified)");
        assertThat(new SignerIdentity(" Ravi Kumar ", true, locker).commonName()).isEqualTo("Ravi Kumar");
        assertThat(new SignerIdentity("x".repeat(100), false, locker).commonName()).hasSize(64)
                .endsWith("\u2026 (unverified)");
        assertThatThrownBy(() -> new SignerIdentity("a\nb", true, locker))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignerIdentity(" ", true, locker)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String hex(String text) {
        return java.util.HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
