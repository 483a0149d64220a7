package org.tijori.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.signing.SignedFileReport.AfterSigning;
import org.tijori.signing.SignedFileReport.Chain;
import org.tijori.signing.SignedFileReport.Explanation;
import org.tijori.signing.SignedFileReport.Signature;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checking signed files with DSS, offline: PDFs and detached signatures made here by PDFBox and Bouncy Castle
 * with a CA of the test's own as Tijori's.
 */
class SignatureValidationTests {

    static final TestEsignPki tijori = TestEsignPki.create("Tijori test e-sign CA");

    static final TestEsignPki stranger = TestEsignPki.create("Someone else's CA");

    static SignatureValidation validation;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        validation = new SignatureValidation(new SignatureValidationProperties(null,
                new SignatureValidationProperties.Verify(DataSize.ofMegabytes(50), 30, Duration.ofSeconds(30), 2)),
                () -> List.of(tijori.ca()));
    }

    @AfterAll
    static void stop() {
        validation.close();
    }

    Path file(String name, byte[] content) throws IOException {
        Path file = directory.resolve(name);
        Files.write(file, content);
        return file;
    }

    SignedFileReport check(byte[] pdf) throws Exception {
        return validation.check(file("file.pdf", pdf), null);
    }

    @Test
    void reportsAValidTimestampedSignatureByTijori() throws Exception {
        byte[] signed = tijori.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                tijori.signer("Asha Verma", "LOCKER-1234"), true, true);

        SignedFileReport report = check(signed);

        assertThat(report.signed()).isTrue();
        Signature signature = report.signatures().get(0);
        assertThat(signature.signer()).isEqualTo("Asha Verma");
        assertThat(signature.signerSerialNumber()).isEqualTo("LOCKER-1234");
        assertThat(signature.signerPseudonym()).isEqualTo("LOCKER-1234");
        assertThat(signature.signedAt()).isNotNull();
        assertThat(signature.timestamp()).isNotNull();
        assertThat(signature.timestamp().valid()).isTrue();
        assertThat(signature.intact()).isTrue();
        assertThat(signature.afterSigning()).isEqualTo(AfterSigning.UNCHANGED);
        assertThat(signature.changedAfter()).isFalse();
        assertThat(signature.chain()).isEqualTo(Chain.TIJORI);
        assertThat(signature.indication()).as(signature.toString()).isEqualTo("TOTAL_PASSED");
        assertThat(signature.explanation()).isEqualTo(Explanation.VALID);
    }

    @Test
    void aByteChangedInsideTheSignedRangeIsNotIntact() throws Exception {
        byte[] signed = tijori.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                tijori.signer("Asha Verma", "LOCKER-1234"), true, false);
        // The binary comment of the header (%\u00e2\u00e3\u00cf\u00d3): signed, read by no parser.
        assertThat(signed[10] & 0xFF).isGreaterThan(0x7F);
        signed[10] ^= 1;

        Signature signature = check(signed).signatures().get(0);

        assertThat(signature.intact()).isFalse();
        assertThat(signature.changedAfter()).isTrue();
        assertThat(signature.indication()).isEqualTo("TOTAL_FAILED");
        assertThat(signature.subIndication()).isEqualTo("HASH_FAILURE");
        assertThat(signature.explanation()).isEqualTo(Explanation.BROKEN);
    }

    @Test
    void contentAddedAfterSigningIsReportedAsAChange() throws Exception {
        byte[] signed = tijori.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                tijori.signer("Asha Verma", "LOCKER-1234"), true, false);
        byte[] edited = TestEsignPki.editAfterSigning(signed, "Rent: 1 rupee");
        assertThat(edited.length).isGreaterThan(signed.length);

        Signature signature = check(edited).signatures().get(0);

        assertThat(signature.intact()).as("the signed revision is as it was").isTrue();
        assertThat(signature.afterSigning()).isEqualTo(AfterSigning.CHANGED);
        assertThat(signature.changedAfter()).isTrue();
        assertThat(signature.explanation()).isEqualTo(Explanation.CHANGED_AFTER_SIGNING);
    }

    @Test
    void aSecondSignatureAddedLaterIsNoChangeOfTheFirst() throws Exception {
        byte[] once = tijori.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                tijori.signer("Asha Verma", "LOCKER-1234"), true, false);
        byte[] twice = tijori.signPdf(once, tijori.signer("Ravi Kumar", "LOCKER-5678"), true, false);

        List<Signature> signatures = check(twice).signatures();

        assertThat(signatures).hasSize(2);
        Signature first = signatures.stream().filter(s -> "Asha Verma".equals(s.signer())).findFirst().orElseThrow();
        Signature second = signatures.stream().filter(s -> "Ravi Kumar".equals(s.signer())).findFirst().orElseThrow();
        assertThat(first.afterSigning()).isEqualTo(AfterSigning.SIGNED_AGAIN);
        assertThat(first.changedAfter()).isFalse();
        assertThat(first.explanation()).isEqualTo(Explanation.VALID);
        assertThat(second.afterSigning()).isEqualTo(AfterSigning.UNCHANGED);
        assertThat(second.explanation()).isEqualTo(Explanation.VALID);
    }

    @Test
    void aSignerOfAnotherCaDoesNotChainToTijori() throws Exception {
        byte[] signed = stranger.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                stranger.signer("Asha Verma", "LOCKER-1234"), true, false);

        Signature signature = check(signed).signatures().get(0);

        assertThat(signature.intact()).isTrue();
        assertThat(signature.signer()).isEqualTo("Asha Verma");
        assertThat(signature.chain()).isEqualTo(Chain.UNKNOWN);
        assertThat(signature.indication()).isNotEqualTo("TOTAL_PASSED");
        assertThat(signature.explanation()).isEqualTo(Explanation.UNKNOWN_SIGNER);
    }

    @Test
    void aCaOfTheTrustedRootsSettingIsTrustedButNotTijori() throws Exception {
        Path roots = file("roots.pem", ("-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(stranger.ca().getEncoded())
                + "\n-----END CERTIFICATE-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (SignatureValidation withRoots = new SignatureValidation(new SignatureValidationProperties(roots,
                new SignatureValidationProperties.Verify(DataSize.ofMegabytes(50), 30, Duration.ofSeconds(30), 1)),
                () -> List.of(tijori.ca()))) {
            byte[] signed = stranger.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                    stranger.signer("Asha Verma", null), true, false);

            Signature signature = withRoots.check(file("other.pdf", signed), null).signatures().get(0);

            assertThat(signature.chain()).isEqualTo(Chain.OTHER_TRUSTED);
            assertThat(signature.indication()).isEqualTo("TOTAL_PASSED");
            assertThat(signature.explanation()).isEqualTo(Explanation.VALID_OTHER_CA);
        }
    }

    @Test
    void anImageAndItsDetachedSignatureVerifyAndAChangedImageDoesNot() throws Exception {
        byte[] image = TestEsignPki.pdf("stand-in for a photo", 20_000);
        byte[] p7s = tijori.cms(tijori.signer("Asha Verma", "LOCKER-1234"), image, true, false, true);

        SignedFileReport report = validation.check(file("photo.jpg", image), file("photo.jpg.p7s", p7s));

        assertThat(report.kind()).isEqualTo(SignedFileReport.Kind.DETACHED);
        Signature signature = report.signatures().get(0);
        assertThat(signature.signer()).isEqualTo("Asha Verma");
        assertThat(signature.intact()).isTrue();
        assertThat(signature.timestamp().valid()).isTrue();
        assertThat(signature.chain()).isEqualTo(Chain.TIJORI);
        assertThat(signature.explanation()).isEqualTo(Explanation.VALID);

        byte[] changed = image.clone();
        changed[changed.length / 2] ^= 1;
        Signature broken = validation.check(file("changed.jpg", changed), file("changed.jpg.p7s", p7s))
                .signatures().get(0);
        assertThat(broken.intact()).isFalse();
        assertThat(broken.changedAfter()).isTrue();
        assertThat(broken.explanation()).isEqualTo(Explanation.BROKEN);
    }

    @Test
    void readsADetachedSignatureMadeByOpenssl() throws Exception {
        Path key = directory.resolve("key.pem");
        Path certificate = directory.resolve("certificate.pem");
        org.junit.jupiter.api.Assumptions.assumeTrue(run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", certificate.toString(),
                "-subj", "/CN=Openssl Signer", "-days", "2") == 0, "openssl is not installed");
        Path image = file("photo.jpg", "a photo, or anything".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path p7s = directory.resolve("photo.jpg.p7s");
        assertThat(run("openssl", "cms", "-sign", "-binary", "-in", image.toString(), "-signer",
                certificate.toString(), "-inkey", key.toString(), "-outform", "DER", "-out", p7s.toString()))
                .isZero();

        Signature signature = validation.check(image, p7s).signatures().get(0);

        assertThat(signature.signer()).isEqualTo("Openssl Signer");
        assertThat(signature.intact()).isTrue();
        assertThat(signature.chain()).isEqualTo(Chain.UNKNOWN);
        assertThat(signature.explanation()).isEqualTo(Explanation.UNKNOWN_SIGNER);
    }

    static int run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) ? process.exitValue() : -1;
        }
        catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aPemSignatureIsReadToo() throws Exception {
        byte[] image = "any file at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] p7s = tijori.cms(tijori.signer("Asha Verma", "LOCKER-1234"), image, false, false, true);
        String pem = "-----BEGIN PKCS7-----\n" + java.util.Base64.getMimeEncoder().encodeToString(p7s)
                + "\n-----END PKCS7-----\n";

        SignedFileReport report = validation.check(file("note.txt", image),
                file("note.txt.p7s", pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        assertThat(report.signatures().get(0).intact()).isTrue();
    }

    @Test
    void anUnsignedPdfIsNotSigned() throws Exception {
        SignedFileReport report = check(TestEsignPki.pdf("Nothing signed", 0));

        assertThat(report.signed()).isFalse();
        assertThat(report.signatures()).isEmpty();
    }

    @Test
    void refusesWhatItCannotCheck() throws Exception {
        assertProblem(() -> check("GIF89a not a pdf".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                UncheckableFileException.Problem.NOT_A_PDF);
        assertProblem(() -> check("%PDF-1.7\n1 0 obj << /Type /Catalog".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)), UncheckableFileException.Problem.MALFORMED_PDF);
        assertProblem(() -> check(encrypted()), UncheckableFileException.Problem.ENCRYPTED_PDF);
        assertProblem(() -> validation.check(file("photo.jpg", new byte[] { 1, 2, 3 }),
                file("photo.p7s", "not a signature".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
                UncheckableFileException.Problem.NOT_A_SIGNATURE);
        assertProblem(() -> validation.check(file("photo.jpg", new byte[] { 1, 2, 3 }),
                file("photo.p7s", new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })),
                UncheckableFileException.Problem.NOT_A_SIGNATURE);
    }

    @Test
    void givesUpACheckThatTakesTooLong() throws Exception {
        byte[] signed = tijori.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                tijori.signer("Asha Verma", "LOCKER-1234"), true, false);
        try (SignatureValidation hasty = new SignatureValidation(new SignatureValidationProperties(null,
                new SignatureValidationProperties.Verify(DataSize.ofMegabytes(50), 30, Duration.ofNanos(1), 1)),
                () -> List.of(tijori.ca()))) {
            long started = System.nanoTime();
            assertProblem(() -> hasty.check(file("slow.pdf", signed), null), UncheckableFileException.Problem.TOO_SLOW);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    byte[] encrypted() throws IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(
                TestEsignPki.pdf("Secret", 0))) {
            var policy = new org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy("owner", "user",
                    new org.apache.pdfbox.pdmodel.encryption.AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            var out = new java.io.ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    interface Check {
        Object run() throws Exception;
    }

    static void assertProblem(Check check, UncheckableFileException.Problem problem) {
        try {
            Object outcome = check.run();
            throw new AssertionError("expected " + problem + " but got " + outcome);
        }
        catch (UncheckableFileException e) {
            assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
            assertThat(e.getMessage()).isNotBlank();
        }
        catch (Exception e) {
            throw new AssertionError("expected " + problem, e);
        }
    }

    static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
