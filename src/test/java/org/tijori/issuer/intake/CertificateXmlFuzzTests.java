package org.tijori.issuer.intake;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.tijori.identity.NationalId;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.DocumentUri;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as the Certificate XML of a push or of an issuer's answer to a pull: verified against the issuer's
 * registered certificate and found to be about this document, or refused with a {@link PushRefusedException} (a
 * 4xx). The seeds are a certificate signed by the seeds' issuer, one signed with RSA-SHA1 and a tampered one.
 */
class CertificateXmlFuzzTests {

    static final DocumentUri URI = new DocumentUri(XmlPushFuzzTests.ISSUER.id(), new DocTypeCode("HSCER"), "R1");

    static final NationalId AARAV = new NationalId("999941057058");

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void verifiesOrRefuses(byte[] xml) {
        try {
            PushValidator.Certificate certificate = XmlPushFuzzTests.VALIDATOR.certificate(xml,
                    XmlPushFuzzTests.ISSUER, URI, AARAV);
            assertThat(certificate.signer()).contains("Board");
        }
        catch (PushRefusedException refused) {
            assertThat(refused.code()).isIn("invalid_certificate", "invalid_signature");
        }
    }
}
