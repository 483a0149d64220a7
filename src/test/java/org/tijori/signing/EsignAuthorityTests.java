package org.tijori.signing;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.storage.SealedValueException;
import org.tijori.storage.SealedValues;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The e-sign CA as the application keeps it: made once and sealed in the database, or the deployer's PKCS#12, and
 * its certificate and CRL published to anyone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tijori.esign.tsa-requests-per-address=4")
class EsignAuthorityTests {

    @LocalServerPort
    int port;

    @Autowired
    EsignAuthority authority;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SealedValues sealed;

    @Autowired
    EsignProperties properties;

    @Autowired
    TijoriProperties tijori;

    @TempDir
    Path directory;

    @Autowired
    EsignSignatures signatures;

    @Autowired
    SignatureValidation validation;

    /**
     * The two halves meet: what the application signs, its own check reports as signed by someone chaining to
     * Tijori's CA, intact, time-stamped and unchanged since; one byte changed inside the signed range is reported.
     */
    @Test
    void aPdfTheApplicationSignsItsOwnCheckFindsValidAndChainingToTijori() throws Exception {
        EsignFixture fixture = new EsignFixture(directory);
        Path signed = fixture.sign(signatures, fixture.pdf("letter.pdf", 2), "letter (signed).pdf",
                EsignFixture.ASHA, new PdfSignatureOptions("I agree", null, null));

        SignedFileReport report = validation.check(signed, null);

        assertThat(report.signed()).isTrue();
        assertThat(report.signatures()).singleElement().satisfies(signature -> {
            assertThat(signature.chain()).isEqualTo(SignedFileReport.Chain.TIJORI);
            assertThat(signature.intact()).isTrue();
            assertThat(signature.afterSigning()).isEqualTo(SignedFileReport.AfterSigning.UNCHANGED);
            assertThat(signature.timestamp()).isNotNull();
            assertThat(signature.timestamp().valid()).isTrue();
            assertThat(signature.signer()).isEqualTo("Asha Verma");
            assertThat(signature.explanation()).as(signature.indication() + " " + signature.subIndication())
                    .isEqualTo(SignedFileReport.Explanation.VALID);
        });

        byte[] bytes = Files.readAllBytes(signed);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int inside = text.indexOf("(I agree)");
        assertThat(inside).as("the reason, inside the signed range").isPositive();
        bytes[inside + 3] = 'A';
        Path tampered = Files.write(directory.resolve("tampered.pdf"), bytes);
        assertThat(validation.check(tampered, null).signatures()).singleElement()
                .satisfies(signature -> assertThat(signature.intact()).isFalse());
    }

    @Test
    void publishesTheCaCertificateToAnyone() throws Exception {
        HttpResponse<String> answer = new WebClient(port).get("/esign/ca.pem");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pem-certificate-chain");
        assertThat(answer.headers().map()).doesNotContainKey("set-cookie");
        assertThat(Certificates.parsePem(answer.body())).isEqualTo(authority.certificate());
        X509Certificate ca = authority.certificate();
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
        ca.verify(ca.getPublicKey());
    }

    @Test
    void publishesAFreshCrlSignedByTheCaAndSignsItOnlyNowAndThen() throws Exception {
        HttpResponse<byte[]> answer = new WebClient(port).getBytes("/esign/crl");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(answer.body()));
        crl.verify(authority.certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(authority.certificate().getSubjectX500Principal());
        assertThat(crl.getNextUpdate().toInstant()).isAfter(Instant.now());
        assertThat(crl.getThisUpdate().toInstant()).isBefore(Instant.now().plusSeconds(1));
        assertThat(new WebClient(port).getBytes("/esign/crl").body()).as("cached, not signed per request")
                .isEqualTo(answer.body());
        if (EsignFixture.onPath("openssl")) {
            Path der = Files.write(directory.resolve("esign.crl"), answer.body());
            Path ca = Files.writeString(directory.resolve("ca.pem"), authority.certificatePem());
            var checked = EsignFixture.run("openssl", "crl", "-inform", "DER", "-in", der.toString(), "-CAfile",
                    ca.toString(), "-noout");
            assertThat(checked.output()).contains("verify OK");
        }
    }

    @Test
    void keepsTheCaKeySealedAndMakesOneCaWhenNodesStartTogether() throws Exception {
        byte[] stored = jdbc.sql("select private_sealed from signing_esign_ca").query(byte[].class).single();
        assertThat(sealed.open(stored, EsignAuthority.CONTEXT)).isEqualTo(authority.authority().privateKey()
                .getEncoded());
        assertThatThrownBy(() -> sealed.open(stored, "gateway/signing-key")).isInstanceOf(SealedValueException.class);
        assertThat(new EsignAuthority(jdbc, sealed, Clock.systemUTC(), properties, tijori).certificate())
                .as("a restart reads the same CA").isEqualTo(authority.certificate());

        jdbc.sql("delete from signing_esign_ca").update();
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Callable<X509Certificate>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(() -> new EsignAuthority(jdbc, sealed, Clock.systemUTC(), properties, tijori)
                        .certificate());
            }
            List<X509Certificate> made = new ArrayList<>();
            for (Future<X509Certificate> start : nodes.invokeAll(starts)) {
                made.add(start.get());
            }
            assertThat(made).hasSize(4).allSatisfy(certificate -> assertThat(certificate).isEqualTo(made.get(0)));
            assertThat(jdbc.sql("select count(*) from signing_esign_ca").query(Integer.class).single()).isOne();
        }
        finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void takesTheDeployersCaFromAPkcs12File() throws Exception {
        CertificateAuthority deployers = CertificateAuthority.generate(URI.create("https://locker.example"),
                Instant.now(), Duration.ofDays(30));
        Path keystore = pkcs12(deployers, "changeit");

        EsignAuthority fromFile = new EsignAuthority(jdbc, sealed, Clock.systemUTC(),
                withKeystore(keystore, "changeit"), tijori);

        assertThat(fromFile.certificate()).isEqualTo(deployers.certificate());
        assertThat(fromFile.timeStampCertificate().getIssuerX500Principal())
                .isEqualTo(deployers.certificate().getSubjectX500Principal());
        assertThatThrownBy(() -> new EsignAuthority(jdbc, sealed, Clock.systemUTC(), withKeystore(keystore, "wrong"),
                tijori)).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be used");
    }

    @Test
    void refusesAKeystoreWhoseCertificateIsNotACas() throws Exception {
        CertificateAuthority deployers = CertificateAuthority.generate(URI.create("https://locker.example"),
                Instant.now(), Duration.ofDays(30));
        IssuedCredential leaf = deployers.issueSigner(EsignFixture.ASHA, Instant.now(), Duration.ofDays(1));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", leaf.privateKey(), "changeit".toCharArray(),
                leaf.chain().toArray(new X509Certificate[0]));
        Path keystore = directory.resolve("leaf.p12");
        try (OutputStream out = Files.newOutputStream(keystore)) {
            store.store(out, "changeit".toCharArray());
        }

        assertThatThrownBy(() -> new EsignAuthority(jdbc, sealed, Clock.systemUTC(), withKeystore(keystore,
                "changeit"), tijori)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a CA");
    }

    @Test
    void timeStampsForAnyoneWithinLimits() throws Exception {
        EsignFixture.assumeTool("openssl");
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest("posted".getBytes());
        var generator = new org.bouncycastle.tsp.TimeStampRequestGenerator();
        generator.setCertReq(true);
        byte[] request = generator.generate(org.bouncycastle.tsp.TSPAlgorithms.SHA256, digest,
                BigInteger.valueOf(18)).getEncoded();
        HttpResponse<byte[]> answer = postBytes("/esign/tsa", "application/timestamp-query", request);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/timestamp-reply");
        Path reply = Files.write(directory.resolve("reply.tsr"), answer.body());
        Path ca = Files.writeString(directory.resolve("ca.pem"), authority.certificatePem());
        var verified = EsignFixture.run("openssl", "ts", "-verify", "-in", reply.toString(), "-digest",
                java.util.HexFormat.of().formatHex(digest), "-CAfile", ca.toString());
        assertThat(verified.output()).contains("Verification: OK");
        assertThat(postBytes("/esign/tsa", "application/timestamp-query", "not DER".getBytes()).statusCode())
                .isEqualTo(400);
        assertThat(postBytes("/esign/tsa", "application/timestamp-query", new byte[2048]).statusCode())
                .isEqualTo(413);
        assertThat(postBytes("/esign/tsa", "application/timestamp-query", request).statusCode())
                .as("the fourth request of the minute").isEqualTo(200);
        assertThat(postBytes("/esign/tsa", "application/timestamp-query", request).statusCode())
                .as("the fifth request of the minute").isEqualTo(429);
    }

    private HttpResponse<byte[]> postBytes(String path, String contentType, byte[] body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).header("Content-Type", contentType)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private Path pkcs12(CertificateAuthority ca, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("ca", ca.privateKey(), password.toCharArray(), new X509Certificate[] { ca.certificate() });
        Path file = directory.resolve("ca-" + new BigInteger(32, new java.security.SecureRandom()) + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private EsignProperties withKeystore(Path keystore, String password) {
        EsignProperties p = properties;
        return new EsignProperties(keystore, password, p.caValidity(), p.signerValidity(), p.crlValidity(),
                p.crlRefresh(), p.tsaUrl(), p.tsaTimeout(), p.tsaMaxResponse(), p.tsaCertificateValidity(), p.tsaRequestsPerAddress(),
                p.maxFileSize(), p.maxPages(), p.timeout(), p.maxScratch(), p.scratchDirectory(),
                p.signingsPerHour());
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
