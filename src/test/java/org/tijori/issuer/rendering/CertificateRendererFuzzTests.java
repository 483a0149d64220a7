package org.tijori.issuer.rendering;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.pdfbox.Loader;
import org.junit.jupiter.api.Timeout;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuerId;
import org.tijori.signing.SecureXml;
import org.tijori.signing.XmlRejectedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any issuer's stylesheet applied to any Certificate XML that the intake accepts as XML: a PDF is drawn, the
 * stylesheet's sections when it works within its limits and every field of {@code CertificateData} when it does
 * not, never an exception, within the stylesheet's timeout. An input is the stylesheet, a NUL byte, then the
 * certificate; without a NUL it is a certificate printed without a stylesheet. Regression seeds:
 * {@code CertificateRendererFuzzTestsInputs}; a fuzzing run: docs/fuzzing.md.
 */
class CertificateRendererFuzzTests {

    static final RenderingStylesheets STYLESHEETS = new RenderingStylesheets(Duration.ofSeconds(2), 100_000);

    static final CertificateRenderer RENDERER = new CertificateRenderer("https://tijori.example.in/", STYLESHEETS,
            subject -> "https://tijori.example.in/verify/" + subject.uri() + "?p=eyJhbGciOiJFUzI1NiJ9.e30.c2ln");

    static final CertificateRenderer.Subject SUBJECT = new CertificateRenderer.Subject(new DocumentUri(
            new IssuerId("in.gov.board"), new DocTypeCode("HSCER"), "R1"), 1, "Class XII Marksheet",
            DocumentStatus.ACTIVE, LocalDate.of(2014, 5, 15), LocalDate.of(2014, 5, 15), null, "Board", null);

    @FuzzTest(maxDuration = "30s")
    @Timeout(20)
    void rendersOrFallsBack(byte[] input) throws Exception {
        int nul = indexOf(input, (byte) 0);
        String xslt = nul < 0 ? null : new String(input, 0, nul, StandardCharsets.UTF_8);
        byte[] certificate = nul < 0 ? input : Arrays.copyOfRange(input, nul + 1, input.length);
        try {
            SecureXml.parse(certificate, 1 << 20);
        }
        catch (XmlRejectedException notXml) {
            // The intake refuses such a certificate; none is ever stored to be drawn.
            return;
        }

        byte[] pdf = RENDERER.render(SUBJECT, certificate, xslt);

        assertThat(pdf.length).isLessThan(4 << 20);
        try (var document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isPositive();
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
