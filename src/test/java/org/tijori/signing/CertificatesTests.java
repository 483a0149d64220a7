package org.tijori.signing;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificatesTests {

    static final TestIssuerKeys rsa = TestIssuerKeys.generate("Central Board of Secondary Education");
    static final TestIssuerKeys ec = TestIssuerKeys.generateEc("Directorate of Technical Education");

    @Test
    void roundTripsPem() {
        String pem = Certificates.toPem(rsa.certificate());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("\n-----END CERTIFICATE-----\n");
        assertThat(pem.lines().filter(line -> !line.startsWith("-----")))
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(64));
        assertThat(Certificates.parsePem(pem)).isEqualTo(rsa.certificate());
    }

    @Test
    void readsPemWithTextAroundItAndWindowsLineEnds() {
        String pem = "Issuer: CBSE\r\n" + rsa.certificatePem().replace("\n", "\r\n") + "\r\nregistered 2026\r\n";

        assertThat(Certificates.parsePem(pem)).isEqualTo(rsa.certificate());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "garbage", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nMIIB\n" })
    void refusesGarbage(String text) {
        assertThatThrownBy(() -> Certificates.parsePem(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void refusesMoreThanOneCertificate() {
        assertThatThrownBy(() -> Certificates.parsePem(rsa.certificatePem() + ec.certificatePem()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("More than one certificate was given; give only the signing certificate.");
    }

    @Test
    void refusesAPrivateKeyWithAWarningToKeepItSecret() {
        assertThatThrownBy(() -> Certificates.parsePem(rsa.privateKeyPem())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("This is a private key");
    }

    @Test
    void refusesACertificateWithBytesAfterIt() {
        byte[] der = Certificates.der(rsa.certificate());
        byte[] longer = Arrays.copyOf(der, der.length + 2);
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(longer)
                + "\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> Certificates.parsePem(pem)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fingerprintsAreLowercaseHexOfSha256OverDer() throws Exception {
        String fingerprint = Certificates.sha256Fingerprint(rsa.certificate());

        assertThat(fingerprint).matches("[0-9a-f]{64}");
        assertThat(fingerprint).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(rsa.certificate().getEncoded())));
        assertThat(Certificates.sha256Fingerprint(ec.certificate())).isNotEqualTo(fingerprint);
    }

    @Test
    void acceptsRsa2048AndP256SigningKeys() {
        assertThatCode(() -> Certificates.checkSigningKey(rsa.certificate())).doesNotThrowAnyException();
        assertThatCode(() -> Certificates.checkSigningKey(ec.certificate())).doesNotThrowAnyException();
    }

    @Test
    void refusesAnRsa1024SigningKey() {
        TestIssuerKeys weak = TestIssuerKeys.rsa("Weak issuer", 1024);

        assertThatThrownBy(() -> Certificates.checkSigningKey(weak.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The certificate's RSA key has 1024 bits; at least 2048 are needed.");
    }

    @Test
    void refusesKeysOfOtherKinds() {
        TestIssuerKeys edwards = TestIssuerKeys.generateEd25519("Edwards issuer");

        assertThatThrownBy(() -> Certificates.checkSigningKey(edwards.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The certificate's key is EdDSA");
    }
}
