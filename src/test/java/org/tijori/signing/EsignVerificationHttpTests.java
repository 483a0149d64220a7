package org.tijori.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checking signed files over HTTP against the running application (issue 18): {@code POST /api/v1/esign/verify}
 * and the page {@code /esign/verify}, with a CA made by the test as Tijori's. Behind a trusted proxy, so that each
 * test is a client address of its own; {@value #PER_MINUTE} checks a minute per address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.web.trusted-proxies=127.0.0.1, ::1",
        "tijori.esign.verify.requests-per-address=" + EsignVerificationHttpTests.PER_MINUTE })
@Import(EsignVerificationHttpTests.TestTijoriCa.class)
class EsignVerificationHttpTests {

    static final int PER_MINUTE = 8;

    static final TestEsignPki tijori = TestEsignPki.create("Tijori test e-sign CA");

    static final TestEsignPki stranger = TestEsignPki.create("Someone else's CA");

    static final JsonMapper json = JsonMapper.builder().build();

    static final AtomicInteger addresses = new AtomicInteger();

    /** The test's CA stands for Tijori's e-sign CA, as EsignAuthority's will. */
    @TestConfiguration
    static class TestTijoriCa {

        @Bean
        @Primary
        TijoriCaCertificates testTijoriCa() {
            return () -> List.<X509Certificate>of(tijori.ca());
        }
    }

    @LocalServerPort
    int port;

    static String address() {
        int n = addresses.incrementAndGet();
        return "203.0." + (113 + n / 250) + "." + (1 + n % 250);
    }

    record Part(String field, String name, byte[] content) {
    }

    HttpResponse<String> upload(String address, String path, List<Part> parts, String... headers) throws Exception {
        String boundary = "----tijori" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.field()
                    + "\"; filename=\"" + part.name() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        List<String> all = new ArrayList<>(List.of("X-Forwarded-For", address));
        all.addAll(List.of(headers));
        return new WebClient(port).post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray(),
                all.toArray(String[]::new));
    }

    HttpResponse<String> api(String address, byte[] file, String... headers) throws Exception {
        return upload(address, "/api/v1/esign/verify", List.of(new Part("file", "signed.pdf", file)), headers);
    }

    static JsonNode report(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        return json.readTree(answer.body());
    }

    static JsonNode problem(HttpResponse<String> answer, int status, String type) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://tijori.org/problems/" + type);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("at eu.");
        return problem;
    }

    byte[] signedByTijori() {
        return tijori.signPdf(TestEsignPki.pdf("Rent agreement", 0), tijori.signer("Asha Verma", "LOCKER-1234"),
                true, false);
    }

    @Test
    void reportsAValidSignatureInEnglishAndHindi() throws Exception {
        byte[] signed = signedByTijori();
        String address = address();

        JsonNode report = report(api(address, signed));

        assertThat(report.get("signed").asBoolean()).isTrue();
        JsonNode signature = report.get("signatures").get(0);
        assertThat(signature.get("signer").asString()).isEqualTo("Asha Verma");
        assertThat(signature.get("signerSerialNumber").asString()).isEqualTo("LOCKER-1234");
        assertThat(signature.get("signedAt").asString()).isNotBlank();
        assertThat(signature.get("timestamp").get("valid").asBoolean()).isTrue();
        assertThat(signature.get("timestamp").get("at").asString()).isNotBlank();
        assertThat(signature.get("intact").asBoolean()).isTrue();
        assertThat(signature.get("changedAfter").asBoolean()).isFalse();
        assertThat(signature.get("chainsToTijori").asBoolean()).isTrue();
        assertThat(signature.get("indication").asString()).isEqualTo("TOTAL_PASSED");
        assertThat(signature.get("explanationCode").asString()).isEqualTo("VALID");
        assertThat(signature.get("explanation").asString()).startsWith("Valid.");

        JsonNode hindi = report(api(address, signed, "Accept-Language", "hi")).get("signatures").get(0);
        assertThat(hindi.get("explanation").asString()).startsWith("मान्य।");
    }

    @Test
    void keepsNothingUploaded() throws Exception {
        String address = address();
        report(api(address, signedByTijori()));
        problem(api(address, new SignatureValidationTests().encrypted()), 422, "encrypted-pdf");

        try (var left = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("tijori-esign-verify-"))).isEmpty();
        }
    }

    @Test
    void aByteChangedInTheSignedRangeIsNotIntact() throws Exception {
        byte[] signed = signedByTijori();
        signed[10] ^= 1;

        JsonNode signature = report(api(address(), signed)).get("signatures").get(0);

        assertThat(signature.get("intact").asBoolean()).isFalse();
        assertThat(signature.get("changedAfter").asBoolean()).isTrue();
        assertThat(signature.get("indication").asString()).isEqualTo("TOTAL_FAILED");
        assertThat(signature.get("explanationCode").asString()).isEqualTo("BROKEN");
    }

    @Test
    void contentEditedAfterSigningIsReported() throws Exception {
        byte[] edited = TestEsignPki.editAfterSigning(signedByTijori(), "Rent: 1 rupee");

        JsonNode signature = report(api(address(), edited)).get("signatures").get(0);

        assertThat(signature.get("intact").asBoolean()).isTrue();
        assertThat(signature.get("changedAfter").asBoolean()).isTrue();
        assertThat(signature.get("afterSigning").asString()).isEqualTo("CHANGED");
        assertThat(signature.get("explanation").asString()).startsWith("Changed after signing.");
    }

    @Test
    void aSignerOfAnotherCaDoesNotChainToTijori() throws Exception {
        byte[] signed = stranger.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                stranger.signer("Asha Verma", "LOCKER-1234"), true, false);

        JsonNode signature = report(api(address(), signed)).get("signatures").get(0);

        assertThat(signature.get("chainsToTijori").asBoolean()).isFalse();
        assertThat(signature.get("chain").asString()).isEqualTo("UNKNOWN");
        assertThat(signature.get("explanationCode").asString()).isEqualTo("UNKNOWN_SIGNER");
    }

    @Test
    void anImageWithItsP7sVerifiesAndAChangedOneDoesNot() throws Exception {
        byte[] image = TestEsignPki.pdf("stand-in for a photo", 5_000);
        image[0] = (byte) 0xFF;
        byte[] p7s = tijori.cms(tijori.signer("Asha Verma", "LOCKER-1234"), image, true, false, true);
        String address = address();

        JsonNode valid = report(upload(address, "/api/v1/esign/verify",
                List.of(new Part("file", "photo.jpg", image), new Part("signature", "photo.jpg.p7s", p7s))));
        assertThat(valid.get("kind").asString()).isEqualTo("DETACHED");
        assertThat(valid.get("signatures").get(0).get("intact").asBoolean()).isTrue();
        assertThat(valid.get("signatures").get(0).get("chainsToTijori").asBoolean()).isTrue();
        assertThat(valid.get("signatures").get(0).get("explanationCode").asString()).isEqualTo("VALID");

        byte[] changed = image.clone();
        changed[image.length / 2] ^= 1;
        JsonNode broken = report(upload(address, "/api/v1/esign/verify",
                List.of(new Part("file", "photo.jpg", changed), new Part("signature", "photo.jpg.p7s", p7s))));
        assertThat(broken.get("signatures").get(0).get("intact").asBoolean()).isFalse();
        assertThat(broken.get("signatures").get(0).get("changedAfter").asBoolean()).isTrue();
    }

    @Test
    void anUnsignedPdfIsNotSigned() throws Exception {
        JsonNode report = report(api(address(), TestEsignPki.pdf("Nothing signed", 0)));

        assertThat(report.get("signed").asBoolean()).isFalse();
        assertThat(report.get("signatures")).isEmpty();
    }

    @Test
    void refusesWhatCannotBeCheckedWithAClear4xx() throws Exception {
        String address = address();
        problem(api(address, "%PDF-1.7\n1 0 obj << /Type /Catalog".getBytes(StandardCharsets.US_ASCII)), 400,
                "malformed-file");
        problem(api(address, new SignatureValidationTests().encrypted()), 422, "encrypted-pdf");
        problem(api(address, "GIF89a".getBytes(StandardCharsets.US_ASCII)), 415, "unsupported-file");
        problem(upload(address, "/api/v1/esign/verify", List.of(new Part("signature", "x.p7s", new byte[] { 1 }))),
                400, "no-file");
        problem(upload(address(), "/api/v1/esign/verify", List.of(new Part("file", "photo.jpg", new byte[] { 1 }),
                new Part("signature", "photo.p7s", "junk".getBytes(StandardCharsets.US_ASCII)))), 400,
                "not-a-signature");
    }

    @Test
    void refusesAnOversizedUploadBeforeReadingIt() throws Exception {
        RawAnswer answer = RawAnswer.of(port, "POST /api/v1/esign/verify HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Forwarded-For: " + address() + "\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                + "Content-Length: " + (60L * 1024 * 1024) + "\r\n\r\n", "--x\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
        assertThat(answer.text()).contains("https://tijori.org/problems/too-large");
    }

    @Test
    void refusesAnUploadOfUndeclaredLength() throws Exception {
        RawAnswer answer = RawAnswer.of(port, "POST /api/v1/esign/verify HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Forwarded-For: " + address() + "\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", "5\r\n--x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status()).as(answer.text()).isEqualTo(411);
    }

    @Test
    void takesAtMostSoManyChecksAMinuteFromOneAddressAndRefusesTheRestUnread() throws Exception {
        String address = address();
        byte[] unsigned = TestEsignPki.pdf("Nothing signed", 0);
        for (int i = 0; i < PER_MINUTE; i++) {
            assertThat(api(address, unsigned).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = api(address, unsigned);
        problem(refused, 429, "too-many-requests");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        RawAnswer unread = RawAnswer.of(port, "POST /api/v1/esign/verify HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Forwarded-For: " + address + "\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                + "Content-Length: 1000000\r\n\r\n", "--x\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(unread.status()).isEqualTo(429);

        assertThat(api(address(), unsigned).statusCode()).as("another address").isEqualTo(200);
    }

    @Test
    void fetchesNothingTheFileNames() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            // Tijori's CA, no revocation data: a validator with CRL or OCSP access would ask the certificate's URLs.
            byte[] trusted = tijori.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                    tijori.signer("Asha Verma", "LOCKER-1234", url), true, false);
            // An unknown CA that is not in the file: a validator with AIA access would download it.
            byte[] unknown = stranger.signPdf(TestEsignPki.pdf("Rent agreement", 0),
                    stranger.signer("Asha Verma", "LOCKER-1234", url), false, false);
            byte[] image = "a photo".getBytes(StandardCharsets.US_ASCII);
            byte[] p7s = stranger.cms(stranger.signer("Asha Verma", null, url), image, false, false, true);

            JsonNode first = report(api(address(), trusted)).get("signatures").get(0);
            JsonNode second = report(api(address(), unknown)).get("signatures").get(0);
            report(upload(address(), "/api/v1/esign/verify",
                    List.of(new Part("file", "photo.jpg", image), new Part("signature", "photo.p7s", p7s))));

            assertThat(first.get("chainsToTijori").asBoolean()).isTrue();
            assertThat(first.get("explanationCode").asString()).isEqualTo("REVOCATION_UNKNOWN");
            assertThat(second.get("chain").asString()).isEqualTo("UNKNOWN");
            assertThat(requests.get()).as("requests to the addresses in the certificates").isZero();
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void thePageChecksAFileAndSaysWhatItMeans() throws Exception {
        WebClient browser = new WebClient(port);
        HttpResponse<String> page = browser.get("/esign/verify", "X-Forwarded-For", "198.18.0.1");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<label class=\"field__label\" for=\"file\"")
                .contains("enctype=\"multipart/form-data\"").contains("href=\"/esign/ca.pem\"");
        HttpResponse<String> ca = browser.get("/esign/ca.pem");
        assertThat(ca.statusCode()).as("the certificate the page offers").isEqualTo(200);
        assertThat(ca.body()).startsWith("-----BEGIN CERTIFICATE-----");
        String csrf = WebClient.csrfTokenOf(page.body());

        HttpResponse<String> checked = browser.postMultipart("/esign/verify", Map.of("_csrf", csrf), "file",
                "rent.pdf", signedByTijori(), "X-Forwarded-For", "198.18.0.1");

        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        assertThat(checked.body()).contains("Signatures in rent.pdf").contains("Asha Verma")
                .contains("Valid. The signer&#39;s certificate was issued by Tijori")
                .contains("Tijori&#39;s e-sign authority");

        HttpResponse<String> refused = browser.postMultipart("/esign/verify?lang=hi", Map.of("_csrf", csrf), "file",
                "photo.gif", "GIF89a".getBytes(StandardCharsets.US_ASCII), "X-Forwarded-For", "198.18.0.1");
        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.body()).contains("यह फ़ाइल PDF नहीं है").doesNotContain("Exception");
    }

    @Test
    void thePageTurnsAwayAnAddressThatSentTooManyBeforeReadingItsUpload() throws Exception {
        String address = address();
        byte[] unsigned = TestEsignPki.pdf("Nothing signed", 0);
        for (int i = 0; i < PER_MINUTE; i++) {
            // Without a CSRF token each is refused by Spring Security, after the limit counted it.
            upload(address, "/esign/verify", List.of(new Part("file", "a.pdf", unsigned)));
        }

        HttpResponse<String> refused = upload(address, "/esign/verify",
                List.of(new Part("file", "a.pdf", unsigned)), "Accept-Language", "hi");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(refused.body()).contains("id=\"refusal-reason\"").contains("सेकंड बाद फिर से प्रयास करें");
        assertThat(refused.headers().allValues("Set-Cookie")).as("no session for a refusal").isEmpty();
    }

    @Test
    void theHomePageLinksToThePage() throws Exception {
        assertThat(new WebClient(port).get("/").body()).contains("href=\"/esign/verify\"");
    }

    /** The answer to a request written by hand, of which only the head and the start of the body are sent. */
    record RawAnswer(int status, String text) {

        static RawAnswer of(int port, String head, byte[] bodyStart) throws IOException {
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(bodyStart);
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                try {
                    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                        received.write(buffer, 0, read);
                        socket.setSoTimeout(500);
                    }
                }
                catch (SocketTimeoutException e) {
                    if (received.size() == 0) {
                        throw e;
                    }
                }
                String text = received.toString(StandardCharsets.UTF_8);
                return new RawAnswer(Integer.parseInt(text.substring(9, 12)), text);
            }
        }
    }

}
