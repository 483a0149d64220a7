package org.tijori.signing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.util.unit.DataSize;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An e-sign CA, time-stamp authority and signer made for one test class (keys generated at test time, never
 * stored), with small builders for PDFs and the external tools that check the results.
 */
final class EsignFixture {

    static final SignerIdentity ASHA = new SignerIdentity("Asha Verma", true,
            UUID.fromString("0b7e2f4c-2d39-4c5e-9f0a-3b1d6e8a9c21"));

    final Clock clock = Clock.systemUTC();

    final CertificateAuthority ca = CertificateAuthority.generate(URI.create("http://localhost:8080"), Instant.now(),
            Duration.ofDays(365));

    final OwnTimeStampAuthority tsa = new OwnTimeStampAuthority(ca, clock, Duration.ofDays(365));

    final byte[] crl = PadesSigner.der(ca.crl(List.<BigInteger>of(), Instant.now(), Instant.now().plus(
            Duration.ofDays(1))));

    final Path directory;

    EsignFixture(Path directory) {
        this.directory = directory;
    }

    EsignSignatures signatures() {
        return signatures(limits());
    }

    EsignSignatures signatures(PadesSigner.Limits limits) {
        return new EsignSignatures(ca, tsa, () -> crl, limits, clock, Duration.ofMinutes(10));
    }

    PadesSigner.Limits limits() {
        return new PadesSigner.Limits(DataSize.ofMegabytes(50), 2_000, Duration.ofSeconds(60),
                DataSize.ofMegabytes(256), directory);
    }

    /** The CA's certificate as a PEM file. */
    Path caPem() throws IOException {
        Path pem = directory.resolve("ca.pem");
        if (!Files.exists(pem)) {
            Files.writeString(pem, Certificates.toPem(ca.certificate()));
        }
        return pem;
    }

    /** A PDF of {@code pages} pages with a line of text on each. */
    Path pdf(String name, int pages) throws IOException {
        Path file = directory.resolve(name);
        try (PDDocument document = new PDDocument()) {
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (var content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 720);
                    content.showText("Rent agreement, page " + i);
                    content.endText();
                }
            }
            document.save(file.toFile());
        }
        return file;
    }

    /** Signs {@code pdf} into {@code name}. */
    Path sign(EsignSignatures signatures, Path pdf, String name, SignerIdentity signer, PdfSignatureOptions options)
            throws IOException {
        Path signed = directory.resolve(name);
        try (var in = Files.newInputStream(pdf); OutputStream out = Files.newOutputStream(signed)) {
            signatures.signPdf(in, out, signer, options);
        }
        return signed;
    }

    /** An NSS database for pdfsig that trusts only this CA. */
    Path nssDatabase() throws IOException {
        Path nss = directory.resolve("nss");
        if (!Files.exists(nss)) {
            Files.createDirectories(nss);
            run("certutil", "-N", "-d", "sql:" + nss, "--empty-password");
            run("certutil", "-A", "-d", "sql:" + nss, "-n", "tijori-esign-ca", "-t", "C,C,C", "-i",
                    caPem().toString());
        }
        return nss;
    }

    static void assumeTool(String tool) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)) || onPath(tool), tool + " is not installed");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The tool's output (standard output and error together); it may fail, which the caller judges. */
    static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exitCode, String output) {
    }
}
