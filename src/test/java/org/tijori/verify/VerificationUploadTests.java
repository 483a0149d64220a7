package org.tijori.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.junit.jupiter.api.Test;
import org.tijori.BehindATrustedProxy;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.verify.activity.VerificationActivity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verifying an uploaded file (ADR 22, "Landing page, uploads"): a Certificate XML by its issuer's registered
 * certificate and the repository's copy, a PDF by the proof it carries; every other file refused with what was
 * wrong, an upload too long or of no declared length refused unread, a DTD never read, failed uploads counted as
 * refusals, nothing stored, and a file that verifies told to its holder. Behind a trusted proxy, so that each test
 * is a client address of its own and one test's refusals do not spend another's budget, lowered here to
 * {@value #REFUSALS}; the activity's window is long enough never to end by itself in a run, so that its entries are
 * written only when a test flushes them.
 */
@BehindATrustedProxy
@TestPropertySource(properties = { "tijori.admin.bootstrap-token=" + VerifyTestContext.TOKEN,
        "tijori.issuer.registrations-per-address=1000",
        "tijori.verify.refusals-per-address=" + VerificationUploadTests.REFUSALS,
        "tijori.verify.activity-window=6h" })
class VerificationUploadTests {

    static final int REFUSALS = 12;

    static final JsonMapper json = JsonMapper.builder().build();

    static final AtomicInteger addresses = new AtomicInteger();

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

    static final String PASSWORD = "a long and unusual phrase";

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    TijoriProperties tijori;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    VerificationActivity activity;

    /** A document pushed to a resident's locker by an approved issuer. */
    record Published(TestIssuer issuer, ResidentAccount resident, String uri, byte[] xml) {
    }

    Published publish(String holder) throws Exception {
        PublishedDocuments published = new PublishedDocuments(port, accounts, documents);
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "UP" + PublishedDocuments.counter.incrementAndGet(), holder);
        return new Published(issuer, resident, uri, published.xml(resident, uri));
    }

    byte[] pdf(Published document) throws Exception {
        return new PublishedDocuments(port, accounts, documents).pdf(document.resident(), document.uri());
    }

    /** A client address no other test uses. */
    static String address() {
        int n = addresses.incrementAndGet();
        return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
    }

    HttpResponse<String> upload(String address, String name, byte[] file) throws Exception {
        return new WebClient(port).postMultipart("/api/v1/verify", Map.of(), "file", name, file,
                "X-Forwarded-For", address);
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
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    @Test
    void aHeldCertificateXmlReportsItsSignatureAndItsLiveStatus() throws Exception {
        Published document = publish("Aarav Sharma");
        String address = address();

        JsonNode report = report(upload(address, "certificate.xml", document.xml()));

        assertThat(report.get("held").asBoolean()).isTrue();
        assertThat(report.get("signatureValid").asBoolean()).isTrue();
        assertThat(report.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(report.has("proofValid")).isTrue();
        assertThat(report.get("proofValid").isNull()).isTrue();
        assertThat(report.get("uri").asString()).isEqualTo(document.uri());
        assertThat(report.get("version").asInt()).isEqualTo(1);
        assertThat(report.get("issuer").get("id").asString()).isEqualTo(document.issuer().issuerId);
        assertThat(report.get("docType").get("code").asString()).isEqualTo("HSCER");
        assertThat(report.get("holder").asString()).isEqualTo("Aarav Sharma");
        assertThat(report.get("issuedOn").asString()).isEqualTo("2014-05-15");
        assertThat(report.has("legacySignature")).isFalse();

        var revoked = new WebClient(port).postForm("/public/issuer/1/status",
                document.issuer().statusForm(document.uri(), "revoked", null));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        JsonNode after = report(upload(address, "certificate.xml", document.xml()));
        assertThat(after.get("status").asString()).isEqualTo("REVOKED");
        assertThat(after.get("held").asBoolean()).isTrue();
    }

    @Test
    void oneChangedByteOfContentIsNeitherHeldNorValid() throws Exception {
        Published document = publish("Aarav Sharma");
        byte[] changed = document.xml().clone();
        int name = indexOf(changed, "Aarav Sharma".getBytes(StandardCharsets.UTF_8));
        assertThat(name).isPositive();
        changed[name + 2] = 'o';

        JsonNode report = report(upload(address(), "certificate.xml", changed));

        assertThat(report.get("signatureValid").asBoolean()).isFalse();
        assertThat(report.get("held").asBoolean()).isFalse();
        assertThat(report.get("status").isNull()).isTrue();
        assertThat(report.get("issuer").isNull()).isTrue();
        assertThat(report.get("holder").isNull()).as("an unverified name is not repeated").isTrue();
    }

    @Test
    void aCertificateSignedByAnUnregisteredOrUnapprovedKeyIsNotValid() throws Exception {
        TestIssuer stranger = new TestIssuer("in.gov.stranger" + addresses.incrementAndGet(),
                TestIssuerKeys.generate("Board"));
        JsonNode unregistered = report(upload(address(), "certificate.xml",
                stranger.signedCertificate("HSCER", "1", "999941057058", "Aarav Sharma")));
        assertThat(unregistered.get("signatureValid").asBoolean()).isFalse();
        assertThat(unregistered.get("held").asBoolean()).isFalse();

        // Anyone may ask to register, under any name: until an administrator approves, the certificate is no one's.
        TestIssuer pending = new TestIssuer("in.gov.pending" + addresses.incrementAndGet(),
                TestIssuerKeys.generate("Board"));
        var registered = new WebClient(port).postJson("/api/v1/issuers/registrations",
                pending.registrationJson("HSCER"));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
        JsonNode unapproved = report(upload(address(), "certificate.xml",
                pending.signedCertificate("HSCER", "1", "999941057058", "Aarav Sharma")));
        assertThat(unapproved.get("signatureValid").asBoolean()).isFalse();
        assertThat(unapproved.get("issuer").isNull()).isTrue();
    }

    @Test
    void aCertificateSignedByARegisteredIssuerButNotHeldSaysWhoSignedItAndNoStatus() throws Exception {
        Published document = publish("Meera Iyer");
        byte[] other = document.issuer().signedCertificate("HSCER", "NEVER-PUSHED", "999941057058", "Meera Iyer");

        JsonNode report = report(upload(address(), "other.xml", other));

        assertThat(report.get("signatureValid").asBoolean()).isTrue();
        assertThat(report.get("held").asBoolean()).isFalse();
        assertThat(report.get("issuer").get("id").asString()).isEqualTo(document.issuer().issuerId);
        assertThat(report.get("docType").get("code").asString()).isEqualTo("HSCER");
        assertThat(report.get("holder").asString()).isEqualTo("Meera Iyer");
        assertThat(report.get("status").isNull()).isTrue();
        assertThat(report.get("uri").isNull()).isTrue();
    }

    @Test
    void aTijoriPdfFromTheLockerReportsItsProof() throws Exception {
        Published document = publish("Kabir Das");

        JsonNode report = report(upload(address(), "document.pdf", pdf(document)));

        assertThat(report.get("proofValid").asBoolean()).isTrue();
        assertThat(report.get("signatureValid").asBoolean()).isTrue();
        assertThat(report.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(report.get("uri").asString()).isEqualTo(document.uri());
        assertThat(report.get("holder").asString()).isEqualTo("Kabir Das");
        assertThat(report.has("held")).as("the GET's JSON, unchanged").isFalse();
    }

    @Test
    void aPdfWhoseProofIsRefusedGetsTheSame404AsARefusedLink() throws Exception {
        Published document = publish("Kabir Das");
        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        byte[] tampered;
        try (PDDocument pdf = Loader.loadPDF(pdf(document))) {
            String link = pdf.getDocumentInformation().getCustomMetadataValue("TijoriVerification");
            assertThat(link).startsWith(base + "/verify/" + document.uri() + "?p=");
            // Another document's URI with this document's proof.
            String forged = link.replace("/verify/" + document.uri() + "?", "/verify/" + document.uri() + "X?");
            pdf.getDocumentInformation().setCustomMetadataValue("TijoriVerification", forged);
            pdf.getPage(0).getAnnotations().clear();
            tampered = save(pdf);
        }
        String address = address();

        HttpResponse<String> answer = upload(address, "document.pdf", tampered);
        HttpResponse<String> link = new WebClient(port).get("/api/v1/verify/" + document.uri() + "X?p=junk",
                "X-Forwarded-For", address);

        problem(answer, 404, "not-found");
        assertThat(withoutRequest(answer.body())).isEqualTo(withoutRequest(link.body()));
    }

    @Test
    void aPdfOfTheRendererBeforeProofsIsToldToBeDownloadedAgain() throws Exception {
        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        String address = address();

        JsonNode withLink = problem(upload(address, "old.pdf", oldRendererPdf(base + "/verify/in.gov.old-HSCER-1")),
                422, "rendered-before-proofs");
        assertThat(withLink.get("detail").asString()).isEqualTo("This PDF was made before Tijori put proofs in its "
                + "documents: download it again from the locker.");
        // As the old renderer drew them: a bitmap QR code and the link as text, no annotation.
        problem(upload(address, "old.pdf", oldRendererPdf(null)), 422, "rendered-before-proofs");
    }

    @Test
    void anyOtherPdfIsNotATijoriDocument() throws Exception {
        String address = address();
        problem(upload(address, "letter.pdf", plainPdf(null)), 422, "not-a-tijori-document");
        problem(upload(address, "phish.pdf", plainPdf("https://verify.example.org/verify/in.gov.x-HSCER-1?p=a.b.c")),
                422, "not-a-tijori-document");
        try (PDDocument pdf = Loader.loadPDF(plainPdf(null))) {
            pdf.protect(new StandardProtectionPolicy("owner secret", "", new AccessPermission()));
            JsonNode encrypted = problem(upload(address, "locked.pdf", save(pdf)), 422, "not-a-tijori-document");
            assertThat(encrypted.get("detail").asString()).contains("encrypted");
        }
        byte[] broken = "%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF".getBytes(
                StandardCharsets.US_ASCII);
        problem(upload(address, "broken.pdf", broken), 400, "malformed-file");
    }

    @Test
    void theTypeComesFromTheFirstBytesNotTheName() throws Exception {
        String address = address();
        JsonNode png = problem(upload(address, "document.pdf", PNG), 415, "unsupported-file");
        assertThat(png.get("detail").asString()).contains("neither a PDF nor XML");
        problem(upload(address, "document.xml", "just text".getBytes(StandardCharsets.UTF_8)), 415,
                "unsupported-file");
        problem(upload(address, "nothing.xml", new byte[0]), 400, "no-file");
        problem(upload(address, "page.pdf", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8)), 422,
                "not-a-tijori-document");
        problem(upload(address, "half.xml", "\uFEFF  <Certificate><IssuedTo>".getBytes(StandardCharsets.UTF_8)),
                400, "malformed-file");
        Published document = publish("Nila Rao");
        assertThat(report(upload(address, "photo.png", document.xml())).get("held").asBoolean()).isTrue();
    }

    @Test
    void aDocumentTypeDeclarationIsRefusedUnread() throws Exception {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE Certificate [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <Certificate type="HSCER"><CertificateData>&secret;</CertificateData></Certificate>""";

        JsonNode refused = problem(upload(address(), "certificate.xml", xxe.getBytes(StandardCharsets.UTF_8)), 400,
                "malformed-file");

        assertThat(refused.get("detail").asString()).contains("DOCTYPE");
        assertThat(refused.toString()).doesNotContain("root:");
    }

    @Test
    void anUploadLongerThanTheLimitIsRefusedBeforeItsBodyIsSent() throws Exception {
        String head = "POST /api/v1/verify HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + address()
                + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + 3 * 1024 * 1024
                + "\r\n\r\n";
        byte[] start = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\n"
                .getBytes(StandardCharsets.US_ASCII);

        long began = System.nanoTime();
        RawAnswer answer = RawAnswer.of(port, head, start);
        long millis = (System.nanoTime() - began) / 1_000_000;

        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
        assertThat(answer.text()).contains("https://tijori.org/problems/too-large");
        assertThat(millis).as("answered without waiting for the 3 MB that never come").isLessThan(3_000);

        String page = head.replace("POST /api/v1/verify ", "POST /verify ");
        RawAnswer html = RawAnswer.of(port, page, start);
        assertThat(html.status()).as(html.text()).isEqualTo(413);
        assertThat(html.text()).contains("This file is larger than the 2 MB taken").contains("href=\"/verify\"");
    }

    @Test
    void anUploadWithoutADeclaredLengthIsRefusedUnreadSignedInOrNot() throws Exception {
        String head = "POST /api/v1/verify HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + address()
                + "\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n";
        byte[] chunk = "10\r\n--b\r\nContent-Dis\r\n".getBytes(StandardCharsets.US_ASCII);

        RawAnswer anonymous = RawAnswer.of(port, head + "\r\n", chunk);
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(411);
        assertThat(anonymous.text()).contains("https://tijori.org/problems/length-required");

        // The pages' own bound for strangers does not apply to a resident: this one is the only guard.
        ResidentAccount resident = new PublishedDocuments(port, accounts, documents).resident();
        WebClient signedIn = new WebClient(port);
        signedIn.signIn(resident.username(), PASSWORD);
        RawAnswer resident411 = RawAnswer.of(port, head + "Cookie: SESSION=" + signedIn.cookie("SESSION")
                + "\r\n\r\n", chunk);
        assertThat(resident411.status()).as(resident411.text()).isEqualTo(411);
        assertThat(resident411.text()).contains("https://tijori.org/problems/length-required");
    }

    @Test
    void theUploadFormAnswersPagesInEnglishAndHindi() throws Exception {
        Published document = publish("Aarav Sharma");
        WebClient browser = new WebClient(port);
        String csrf = WebClient.csrfTokenOf(browser.get("/verify").body());
        String address = address();

        HttpResponse<String> verified = browser.postMultipart("/verify", Map.of("_csrf", csrf), "file",
                "document.pdf", pdf(document), "X-Forwarded-For", address);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(verified.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(verified.body()).contains("role=\"status\"").contains("Valid: the issuer has not withdrawn")
                .contains("Aarav Sharma").contains(document.uri()).doesNotContain("name=\"_csrf\"");
        assertThat(verified.headers().allValues("Set-Cookie"))
                .noneSatisfy(cookie -> assertThat(cookie).startsWith("SESSION="));
        assertThat(verified.headers().firstValue("Cache-Control")).hasValue("no-store");

        HttpResponse<String> held = browser.postMultipart("/verify", Map.of("_csrf", csrf), "file",
                "certificate.xml", document.xml(), "X-Forwarded-For", address);
        assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
        assertThat(held.body()).contains("This is the very file the issuer published")
                .contains("None: an XML file carries no Tijori proof");

        byte[] changed = document.xml().clone();
        changed[indexOf(changed, "Aarav Sharma".getBytes(StandardCharsets.UTF_8))] = 'B';
        HttpResponse<String> notHeld = browser.postMultipart("/verify", Map.of("_csrf", csrf), "file",
                "certificate.xml", changed, "X-Forwarded-For", address);
        assertThat(notHeld.statusCode()).as(notHeld.body()).isEqualTo(200);
        assertThat(notHeld.body()).contains("Not valid: this file&#39;s signature does not hold")
                .contains("What the signed file says").doesNotContain("Barav Sharma").doesNotContain("Valid until");

        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        byte[] old = oldRendererPdf(base + "/verify/" + document.uri());
        HttpResponse<String> english = browser.postMultipart("/verify", Map.of("_csrf", csrf), "file", "old.pdf",
                old, "X-Forwarded-For", address);
        assertThat(english.statusCode()).as(english.body()).isEqualTo(422);
        assertThat(english.body()).contains("This PDF was made before Tijori put proofs in its documents: download "
                + "it again from the locker.").contains("href=\"/verify\"").contains("role=\"status\"");

        HttpResponse<String> hindi = browser.postMultipart("/verify?lang=hi", Map.of("_csrf", csrf), "file",
                "old.pdf", old, "X-Forwarded-For", address);
        assertThat(hindi.statusCode()).isEqualTo(422);
        assertThat(hindi.body()).contains("lang=\"hi\"")
                .contains("यह PDF तब बनी थी जब Tijori अपने दस्तावेज़ों में प्रमाण नहीं डालता था");

        // The language chosen once, kept in its cookie.
        WebClient hindiReader = new WebClient(port);
        String hindiCsrf = WebClient.csrfTokenOf(hindiReader.get("/verify?lang=hi").body());
        assertThat(hindiReader.cookie("tijori-lang")).isEqualTo("hi");
        HttpResponse<String> png = hindiReader.postMultipart("/verify", Map.of("_csrf", hindiCsrf), "file", "a.png",
                PNG, "X-Forwarded-For", address);
        assertThat(png.statusCode()).as(png.body()).isEqualTo(415);
        assertThat(png.body()).contains("lang=\"hi\"").contains("यह फ़ाइल न PDF है न XML");

        HttpResponse<String> forged = browser.postMultipart("/verify", Map.of("_csrf", "forged"), "file",
                "document.pdf", pdf(document), "X-Forwarded-For", address);
        assertThat(forged.statusCode()).as("CSRF is checked on the form").isEqualTo(403);
    }

    @Test
    void failedUploadsCountAsRefusalsUntilTheAddressIsTurnedAway() throws Exception {
        Published document = publish("Aarav Sharma");
        byte[] pdf = pdf(document);
        byte[] unsigned = TestIssuer.certificateXml("HSCER", "1", "999941057058", "Aarav Sharma")
                .getBytes(StandardCharsets.UTF_8);
        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        List<byte[]> failures = List.of(PNG, "<a>".getBytes(StandardCharsets.UTF_8), unsigned,
                plainPdf(null), oldRendererPdf(null), plainPdf(base + "/verify/" + document.uri() + "?p=junk"));
        String spent = address();
        for (int i = 0; i < REFUSALS; i++) {
            HttpResponse<String> failed = upload(spent, "file", failures.get(i % failures.size()));
            assertThat(failed.statusCode()).as("failure %d: %s", i, failed.body()).isIn(200, 400, 404, 415, 422);
            // A genuine one between them takes nothing from the budget.
            assertThat(report(upload(spent, "document.pdf", pdf)).get("proofValid").asBoolean()).isTrue();
        }

        HttpResponse<String> over = upload(spent, "a.png", PNG);
        VerificationLimitsTests.assertTooMany(over);
        problem(over, 429, "too-many-requests");
        VerificationLimitsTests.assertTooMany(upload(spent, "document.pdf", pdf));
        WebClient browser = new WebClient(port);
        String csrf = WebClient.csrfTokenOf(browser.get("/verify").body());
        HttpResponse<String> page = browser.postMultipart("/verify", Map.of("_csrf", csrf), "file", "document.pdf",
                pdf, "X-Forwarded-For", spent);
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.body()).contains("Try again in");

        assertThat(report(upload(address(), "document.pdf", pdf)).get("proofValid").asBoolean()).isTrue();
    }

    @Test
    void nothingOfAnUploadIsStored() throws Exception {
        Published document = publish("Aarav Sharma");
        byte[] pdf = pdf(document);
        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        Map<String, Long> before = settledRows();
        String address = address();

        report(upload(address, "certificate.xml", document.xml()));
        report(upload(address, "document.pdf", pdf));
        upload(address, "other.xml", document.issuer().signedCertificate("HSCER", "N", "999941057058", "X"));
        upload(address, "a.png", PNG);
        upload(address, "old.pdf", oldRendererPdf(base + "/verify/" + document.uri()));
        upload(address, "plain.pdf", plainPdf(null));
        upload(address, "junk.xml", "<Certificate>".getBytes(StandardCharsets.UTF_8));

        Map<String, Long> after = rows();
        assertThat(after).containsEntry("issuer_document", before.get("issuer_document"))
                .containsEntry("storage_blob", before.get("storage_blob"));
        assertThat(after).as("every table but the refusals' bucket").isEqualTo(before);
    }

    @Test
    void aFileThatVerifiesReachesItsHoldersActivity() throws Exception {
        Published document = publish("Meera Iyer");
        byte[] changed = document.xml().clone();
        changed[indexOf(changed, "Meera Iyer".getBytes(StandardCharsets.UTF_8))] = 'N';
        String address = address();
        report(upload(address, "document.pdf", pdf(document)));
        report(upload(address, "certificate.xml", document.xml()));
        assertThat(report(upload(address, "changed.xml", changed)).get("signatureValid").asBoolean()).isFalse();
        activity.flush();

        WebClient holder = new WebClient(port);
        assertThat(holder.signIn(document.resident().username(), PASSWORD).statusCode()).isEqualTo(302);
        List<JsonNode> verified = VerificationActivityTests.verifications(holder);
        assertThat(verified).as("the PDF and the XML from one verifier; not the changed file").singleElement()
                .satisfies(entry -> {
                    assertThat(entry.path("details").path("how").asString()).isEqualTo("file");
                    assertThat(entry.path("details").path("times").asString()).isEqualTo("2");
                    assertThat(entry.path("details").path("uri").asString()).isEqualTo(document.uri());
                    assertThat(entry.path("label").asString()).isEqualTo("Your document was verified from its file");
                });
    }

    /** The rows of every table but the rate limits' buckets, once the setup's own writing has ended. */
    Map<String, Long> settledRows() throws InterruptedException {
        Map<String, Long> last = rows();
        int unchanged = 0;
        for (int i = 0; i < 60; i++) {
            Thread.sleep(250);
            Map<String, Long> now = rows();
            unchanged = now.equals(last) ? unchanged + 1 : 0;
            if (unchanged == 3) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the database kept changing: " + last);
    }

    /**
     * The rows of every table but the rate limits' buckets. The activity trail's two tables are summed, since its
     * chainer moves entries from one to the other at any moment.
     */
    Map<String, Long> rows() {
        List<String> tables = jdbc.sql("""
                select table_name from information_schema.tables
                 where table_schema = current_schema() and table_type = 'BASE TABLE'
                   and table_name not in ('account_rate_limit', 'audit_inbox', 'audit_entry')""")
                .query(String.class).list();
        assertThat(tables).contains("issuer_document", "storage_blob");
        Map<String, Long> rows = new TreeMap<>();
        for (String table : tables) {
            rows.put(table, jdbc.sql("select count(*) from \"" + table + "\"").query(Long.class).single());
        }
        rows.put("audit_inbox + audit_entry",
                jdbc.sql("select (select count(*) from audit_inbox) + (select count(*) from audit_entry)")
                        .query(Long.class).single());
        return rows;
    }

    /** A PDF as Tijori drew them before proofs: its creator, and optionally a link to the verification page. */
    static byte[] oldRendererPdf(String link) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            pdf.addPage(page);
            pdf.getDocumentInformation().setCreator("Tijori");
            pdf.getDocumentInformation().setSubject("in.gov.old-HSCER-1");
            if (link != null) {
                page.getAnnotations().add(link(link));
            }
            return save(pdf);
        }
    }

    /** A PDF of someone else's making, optionally with a link annotation. */
    static byte[] plainPdf(String link) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            pdf.addPage(page);
            pdf.getDocumentInformation().setCreator("Writer");
            if (link != null) {
                page.getAnnotations().add(link(link));
                pdf.getDocumentInformation().setCustomMetadataValue("TijoriVerification", link);
            }
            return save(pdf);
        }
    }

    static PDAnnotationLink link(String uri) {
        PDAnnotationLink annotation = new PDAnnotationLink();
        annotation.setRectangle(new PDRectangle(50, 500, 150, 150));
        PDActionURI action = new PDActionURI();
        action.setURI(uri);
        annotation.setAction(action);
        return annotation;
    }

    static byte[] save(PDDocument pdf) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pdf.save(out);
        return out.toByteArray();
    }

    static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    /** A problem's JSON without what differs between any two requests. */
    static JsonNode withoutRequest(String body) {
        ObjectNode problem = (ObjectNode) json.readTree(body);
        problem.remove("requestId");
        problem.remove("instance");
        return problem;
    }

    /**
     * The answer to a request written by hand: its head, and only the start of the body it declares. Read for at
     * most five seconds: a server that waited for the rest would not answer in time.
     */
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
