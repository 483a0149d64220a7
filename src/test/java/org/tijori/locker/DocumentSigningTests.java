package org.tijori.locker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.TestAuthenticator;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditEntry;
import org.tijori.audit.AuditTrail;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.identity.TestRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A resident e-signs uploaded documents over the JSON API (API section 8, issue 18): the code read from the SMS
 * outbox, the signed PDF checked by poppler's {@code pdfsig} and the image's {@code .p7s} by {@code openssl cms}, each
 * trusting only the CA that {@code /esign/ca.pem} publishes; and every refusal: another resident's document, wrong
 * codes, a used or expired signing, the hourly limit, a file that is not signable, an encrypted or damaged PDF.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.esign.signings-per-hour=3", "tijori.account.otp-sends-per-address=1000",
        "tijori.locker.upload-types=application/pdf,image/jpeg,image/png,text/plain" })
class DocumentSigningTests {

    static final String PASSWORD = "a long and unusual phrase";

    static final AtomicInteger residents = new AtomicInteger();

    static final Pattern SIGNING_ID = Pattern.compile("\"signingId\":\"([0-9a-f-]{36})\"");

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail trail;

    @Autowired
    UploadedDocuments uploads;

    @Autowired
    StateDirectory state;

    @Autowired
    NationalIdLinks nationalIds;

    @TempDir
    Path directory;

    static final List<String> uids = new ArrayList<>();

    static final List<String> registryMobiles = new ArrayList<>();

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry registry) throws Exception {
        TestRegistry people = TestRegistry.write(2, System.nanoTime());
        uids.addAll(people.uids());
        registryMobiles.addAll(people.mobiles());
        registry.add("tijori.identity.registry-file", people.file()::toString);
    }

    @Test
    void signsAPdfWithTheCodeSentByTextIntoACopyThatPopplerFindsValidAndTrusted() throws Exception {
        Resident resident = newResident();
        String folder = field(resident.web().postJson("/api/v1/locker/folders", "{\"name\":\"Leases\"}",
                "X-CSRF-TOKEN", csrf(resident)).body(), "id");
        String original = upload(resident, "Rent agreement.pdf", pdf(2), folder);

        HttpResponse<String> started = start(resident, original,
                "{\"reason\":\"I agree\",\"location\":\"Pune\",\"visible\":true,\"page\":2}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String signingId = signingId(started);
        HttpResponse<String> signed = confirm(resident, signingId, "{\"otp\":\"" + otp(resident) + "\"}");

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
        assertThat(signed.body()).contains("\"name\":\"Rent agreement (signed).pdf\"", "\"mediaType\":\"application/pdf\"",
                "\"id\":\"" + folder + "\"");
        String copy = field(signed.body(), "id");
        assertThat(signed.headers().firstValue("Location")).hasValue("/api/v1/locker/uploaded/" + copy);
        assertThat(uploads.list(resident.account().id(), null)).extracting(UploadedDocument::name)
                .as("the original stays").containsExactlyInAnyOrder("Rent agreement.pdf", "Rent agreement (signed).pdf");

        byte[] content = resident.web().getBytes("/api/v1/locker/uploaded/" + copy + "/content").body();
        assertThat(uploads.usage(resident.account().id()).usedBytes())
                .isEqualTo(content.length + pdf(2).length);
        Path file = Files.write(directory.resolve("signed.pdf"), content);
        try (PDDocument opened = Loader.loadPDF(content)) {
            assertThat(opened.getPage(1).getAnnotations()).as("the visible box on page 2")
                    .anySatisfy(widget -> assertThat(widget.getRectangle().getWidth()).isPositive());
        }
        assumeTool("pdfsig");
        assumeTool("certutil");
        String report = run("pdfsig", "-nssdir", "sql:" + nssDatabase(), file.toString());
        assertThat(report).contains("Signature is Valid.", "Certificate is Trusted.", "Total document signed",
                "Signer Certificate Common Name: " + resident.account().username() + " (unverified)",
                "pseudonym=" + resident.account().lockerId());
        assertThat(new String(content, StandardCharsets.ISO_8859_1)).as("the reason and place, signed")
                .contains("(I agree)", "(Pune)");

        await().untilAsserted(() -> assertThat(trail.about(resident.account().id().toString(), 50))
                .filteredOn(entry -> entry.action().equals("locker.DocumentSigned")).singleElement()
                .satisfies(entry -> assertThat(entry.fields()).containsEntry("document", original)
                        .containsEntry("signedDocument", copy).containsEntry("name", "Rent agreement.pdf")));
        assertThat(resident.web().get("/activity?lang=en").body()).contains("E-signed a document", "Rent agreement.pdf")
                .doesNotContain("activity.action");
        assertThat(resident.web().get("/activity?lang=hi").body()).contains("दस्तावेज़ पर ई-हस्ताक्षर किए")
                .doesNotContain("activity.action");
    }

    @Test
    void aResidentWithALinkedNationalIdSignsUnderTheNameTheIdAuthorityHolds() throws Exception {
        String mobile = registryMobiles.get(0);
        String username = "linked" + (System.nanoTime() % 1_000_000);
        ResidentAccount account = accounts.signUp(new MobileNumber(mobile), username, PASSWORD);
        String name = nationalIds.linkProven(account.id(), NationalId.parse(uids.get(0)), new MobileNumber(mobile))
                .orElseThrow().name();
        WebClient web = new WebClient(port);
        web.signIn(username, PASSWORD);
        Resident resident = new Resident(account, mobile, web);
        String document = upload(resident, "deed.pdf", pdf(1), null);

        HttpResponse<String> signed = sign(resident, document);

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
        Path file = Files.write(directory.resolve("linked.pdf"),
                web.getBytes("/api/v1/locker/uploaded/" + field(signed.body(), "id") + "/content").body());
        assumeTool("pdfsig");
        assumeTool("certutil");
        assertThat(run("pdfsig", "-nssdir", "sql:" + nssDatabase(), file.toString()))
                .contains("Signature is Valid.", "Signer Certificate Common Name: " + name + "\n",
                        "pseudonym=" + account.lockerId())
                .doesNotContain("unverified", username);
    }

    @Test
    void signsAnImageWithADetachedSignatureThatOpensslVerifies() throws Exception {
        Resident resident = newResident();
        byte[] png = LockerTests.png(2_000, 40_000);
        String original = upload(resident, "photo.png", png, null);

        String signingId = signingId(start(resident, original, null));
        HttpResponse<String> signed = confirm(resident, signingId, "{\"otp\":\"" + otp(resident) + "\"}");

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
        assertThat(signed.body()).contains("\"name\":\"photo.png.p7s\"", "\"mediaType\":\"application/pkcs7-signature\"");
        byte[] p7s = resident.web().getBytes("/api/v1/locker/uploaded/" + field(signed.body(), "id") + "/content").body();
        Path signature = Files.write(directory.resolve("photo.png.p7s"), p7s);
        Path image = Files.write(directory.resolve("photo.png"), png);
        Path other = Files.write(directory.resolve("other.png"), LockerTests.png(40_001, 90_000));
        assumeTool("openssl");
        assertThat(verify(signature, image)).as("the image signed").isZero();
        assertThat(verify(signature, other)).as("another image").isNotZero();
    }

    @Test
    void anotherResidentsDocumentOrSigningIsAsUnknownAsOneThatDoesNotExist() throws Exception {
        Resident owner = newResident();
        Resident stranger = newResident();
        String document = upload(owner, "deed.pdf", pdf(1), null);

        HttpResponse<String> theirs = start(stranger, document, null);
        HttpResponse<String> unknown = start(stranger, java.util.UUID.randomUUID().toString(), null);
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(detail(theirs)).isEqualTo(detail(unknown));

        String signingId = signingId(start(owner, document, null));
        String code = otp(owner);
        HttpResponse<String> notTheirs = confirm(stranger, signingId, "{\"otp\":\"" + code + "\"}");
        HttpResponse<String> none = confirm(stranger, java.util.UUID.randomUUID().toString(), "{\"otp\":\"" + code + "\"}");
        assertThat(notTheirs.statusCode()).isEqualTo(404);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(detail(notTheirs)).isEqualTo(detail(none));
        assertThat(confirm(owner, signingId, "{\"otp\":\"" + code + "\"}").statusCode())
                .as("the stranger's tries did not use the owner's code").isEqualTo(201);
    }

    @Test
    void wrongCodesAreCountedAndTheFifthCancelsTheSigning() throws Exception {
        Resident resident = newResident();
        String document = upload(resident, "will.pdf", pdf(1), null);
        String signingId = signingId(start(resident, document, null));
        String right = otp(resident);
        String wrong = right.equals("000000") ? "111111" : "000000";

        for (int left = 4; left >= 1; left--) {
            HttpResponse<String> refused = confirm(resident, signingId, "{\"otp\":\"" + wrong + "\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("\"reason\":\"wrong-otp\"", left + (left == 1 ? " try" : " tries") + " left");
        }
        HttpResponse<String> cancelled = confirm(resident, signingId, "{\"otp\":\"" + wrong + "\"}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(410);
        assertThat(confirm(resident, signingId, "{\"otp\":\"" + right + "\"}").statusCode())
                .as("the right code, too late").isEqualTo(410);
        assertThat(uploads.list(resident.account().id(), null)).hasSize(1);
        assertThat(status(signingId)).isEqualTo("FAILED");

        await().untilAsserted(() -> assertThat(trail.about(resident.account().id().toString(), 50))
                .filteredOn(entry -> entry.action().equals("locker.DocumentSigningFailed"))
                .extracting(entry -> entry.fields().get("outcome"))
                .containsExactlyInAnyOrder("wrong-otp", "wrong-otp", "wrong-otp", "wrong-otp", "otp-exhausted"));
        assertThat(resident.web().get("/activity?lang=en").body()).contains("E-signing refused: wrong code",
                "E-signing cancelled after wrong codes").doesNotContain("activity.action");
        assertThat(resident.web().get("/activity?lang=hi").body()).doesNotContain("activity.action", "E-signing");
    }

    @Test
    void aSigningIsUsedOnceAndNotAfterItExpires() throws Exception {
        Resident resident = newResident();
        String document = upload(resident, "contract.pdf", pdf(1), null);
        String signingId = signingId(start(resident, document, null));
        String code = otp(resident);
        assertThat(confirm(resident, signingId, "{\"otp\":\"" + code + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> again = confirm(resident, signingId, "{\"otp\":\"" + code + "\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(410);
        assertThat(uploads.list(resident.account().id(), null)).hasSize(2);

        String late = signingId(start(resident, document, null));
        String lateCode = otp(resident);
        jdbc.sql("update locker_signing set expires_at = now() - interval '1 second' where id = ?::uuid").param(late)
                .update();
        HttpResponse<String> expired = confirm(resident, late, "{\"otp\":\"" + lateCode + "\"}");
        assertThat(expired.statusCode()).as(expired.body()).isEqualTo(410);
        assertThat(status(late)).isEqualTo("EXPIRED");
        assertThat(uploads.list(resident.account().id(), null)).hasSize(2);
    }

    @Test
    void aResidentStartsAtMostTheHourlyNumberOfSignings() throws Exception {
        Resident resident = newResident();
        String document = upload(resident, "form.pdf", pdf(1), null);
        for (int i = 0; i < 3; i++) {
            assertThat(start(resident, document, null).statusCode()).isEqualTo(202);
        }
        int sent = SmsOutbox.of(state.root()).messagesTo(resident.mobile()).size();

        HttpResponse<String> limited = start(resident, document, null);

        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(limited.body()).contains("\"reason\":\"limit\"");
        assertThat(SmsOutbox.of(state.root()).messagesTo(resident.mobile())).as("no code sent past the limit")
                .hasSize(sent);
        await().untilAsserted(() -> assertThat(trail.about(resident.account().id().toString(), 50))
                .filteredOn(entry -> entry.action().equals("locker.DocumentSigningFailed"))
                .extracting(entry -> entry.fields().get("outcome")).containsExactly("limit"));
    }

    @Test
    void refusesAnEncryptedOrDamagedPdfAndKeepsNothing() throws Exception {
        Resident resident = newResident();
        byte[] encrypted = encryptedPdf();
        byte[] damaged = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer garbage"
                .getBytes(StandardCharsets.US_ASCII);
        String locked = upload(resident, "locked.pdf", encrypted, null);
        String broken = upload(resident, "broken.pdf", damaged, null);
        long used = uploads.usage(resident.account().id()).usedBytes();
        long blobs = jdbc.sql("select count(*) from storage_blob").query(Long.class).single();

        HttpResponse<String> refused = sign(resident, locked);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("\"reason\":\"encrypted\"", "encrypted").doesNotContain("Exception");
        HttpResponse<String> unreadable = sign(resident, broken);
        assertThat(unreadable.statusCode()).as(unreadable.body()).isEqualTo(422);
        assertThat(unreadable.body()).contains("\"reason\":\"not-a-pdf\"");

        assertThat(uploads.list(resident.account().id(), null)).hasSize(2);
        assertThat(uploads.usage(resident.account().id()).usedBytes()).isEqualTo(used);
        assertThat(jdbc.sql("select count(*) from storage_blob").query(Long.class).single())
                .as("no blob of a signed copy").isLessThanOrEqualTo(blobs);
        await().untilAsserted(() -> assertThat(trail.about(resident.account().id().toString(), 50))
                .filteredOn(entry -> entry.action().equals("locker.DocumentSigningFailed"))
                .extracting(entry -> entry.fields().get("problem")).containsExactlyInAnyOrder("encrypted", "not-a-pdf"));
        assertThat(resident.web().get("/activity?lang=hi").body()).doesNotContain("activity.action");
    }

    @Test
    void aSignedCopyThatWouldPassTheQuotaIsNotKept() throws Exception {
        Resident resident = newResident();
        String document = upload(resident, "big.pdf", pdf(1), null);
        long quota = uploads.usage(resident.account().id()).quotaBytes();
        jdbc.sql("update locker_usage set used_bytes = ? where account_id = ?").params(quota - 100,
                resident.account().id().value()).update();
        long rows = jdbc.sql("select count(*) from locker_upload").query(Long.class).single();

        HttpResponse<String> refused = sign(resident, document);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(jdbc.sql("select count(*) from locker_upload").query(Long.class).single()).isEqualTo(rows);
        assertThat(uploads.usage(resident.account().id()).usedBytes()).isEqualTo(quota - 100);
        assertThat(jdbc.sql("select status from locker_signing where account_id = ?")
                .param(resident.account().id().value()).query(String.class).single()).isEqualTo("FAILED");
    }

    @Test
    void refusesAFileThatIsNeitherAPdfNorAnImageAndBadOptions() throws Exception {
        Resident resident = newResident();
        String text = upload(resident, "notes.txt", "just some notes\n".getBytes(StandardCharsets.US_ASCII), null);
        HttpResponse<String> refused = start(resident, text, null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        assertThat(refused.body()).contains("Only PDF documents and JPEG or PNG images can be e-signed");

        String pdf = upload(resident, "a.pdf", pdf(1), null);
        assertThat(start(resident, pdf, "{\"visible\":true,\"page\":0}").statusCode()).isEqualTo(400);
        assertThat(start(resident, pdf, "{\"reason\":\"" + "x".repeat(201) + "\"}").statusCode()).isEqualTo(400);
        assertThat(start(resident, pdf, "{\"location\":\"a\\nb\"}").statusCode()).isEqualTo(400);
        assertThat(start(resident, pdf, "{\"page\":\"one\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void anAccountWithASecondFactorProvesItToo() throws Exception {
        Resident resident = newResident();
        TestAuthenticator.enrol(resident.web(), "esign-" + port, resident.account().username());
        String document = upload(resident, "mandate.pdf", pdf(1), null);
        HttpResponse<String> started = start(resident, document, null);
        assertThat(started.body()).contains("\"secondFactor\":true");
        String signingId = signingId(started);
        String code = otp(resident);

        HttpResponse<String> withoutFactor = confirm(resident, signingId, "{\"otp\":\"" + code + "\"}");
        assertThat(withoutFactor.statusCode()).as(withoutFactor.body()).isEqualTo(400);
        assertThat(withoutFactor.body()).contains("\"reason\":\"second-factor-missing\"");
        HttpResponse<String> wrongFactor = confirm(resident, signingId, "{\"otp\":\"" + code + "\",\"code\":\"000000\"}");
        assertThat(wrongFactor.statusCode()).as(wrongFactor.body()).isEqualTo(400);
        assertThat(wrongFactor.body()).contains("\"reason\":\"wrong-second-factor\"");

        String factor = TestAuthenticator.nextCode("esign-" + port, resident.account().username());
        HttpResponse<String> signed = confirm(resident, signingId, "{\"otp\":\"" + code + "\",\"code\":\"" + factor + "\"}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);

        String another = signingId(start(resident, document, null));
        String anotherCode = otp(resident);
        for (int i = 1; i < 5; i++) {
            assertThat(confirm(resident, another, "{\"otp\":\"" + anotherCode + "\",\"recoveryCode\":\"aaaaa-aaaaa\"}")
                    .statusCode()).isEqualTo(400);
        }
        HttpResponse<String> cancelled = confirm(resident, another,
                "{\"otp\":\"" + anotherCode + "\",\"recoveryCode\":\"aaaaa-aaaaa\"}");
        assertThat(cancelled.statusCode()).as("the fifth wrong second factor cancels: " + cancelled.body()).isEqualTo(410);
        assertThat(status(another)).isEqualTo("FAILED");
    }

    // --- helpers

    private HttpResponse<String> sign(Resident resident, String document) throws Exception {
        HttpResponse<String> started = start(resident, document, null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return confirm(resident, signingId(started), "{\"otp\":\"" + otp(resident) + "\"}");
    }

    private HttpResponse<String> start(Resident resident, String document, String body) throws Exception {
        return resident.web().postJson("/api/v1/locker/uploaded/" + document + "/esign", body == null ? "" : body,
                "X-CSRF-TOKEN", csrf(resident));
    }

    private HttpResponse<String> confirm(Resident resident, String signingId, String body) throws Exception {
        return resident.web().postJson("/api/v1/locker/esign/" + signingId, body, "X-CSRF-TOKEN", csrf(resident));
    }

    private String otp(Resident resident) {
        return SmsOutbox.of(state.root()).lastOtpFor(resident.mobile()).orElseThrow();
    }

    private String upload(Resident resident, String name, byte[] content, String folder) throws Exception {
        HttpResponse<String> uploaded = resident.web().postMultipart("/api/v1/locker/uploaded",
                folder == null ? Map.of() : Map.of("folder", folder), "file", name, content, "X-CSRF-TOKEN",
                csrf(resident));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        return field(uploaded.body(), "id");
    }

    private String status(String signingId) {
        return jdbc.sql("select status from locker_signing where id = ?::uuid").param(signingId).query(String.class)
                .single();
    }

    private Resident newResident() throws Exception {
        int n = residents.incrementAndGet();
        String username = "signer" + n + "x" + (System.nanoTime() % 100_000);
        String mobile = String.valueOf(6_300_000_000L + (System.nanoTime() % 1_000_000) * 100 + n);
        ResidentAccount account = accounts.signUp(new MobileNumber(mobile), username, PASSWORD);
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/dashboard"));
        return new Resident(account, mobile, web);
    }

    private Path nssDatabase() throws Exception {
        Path nss = directory.resolve("nss");
        if (!Files.exists(nss)) {
            Files.createDirectories(nss);
            Path pem = Files.writeString(directory.resolve("ca.pem"), new WebClient(port).get("/esign/ca.pem").body());
            run("certutil", "-N", "-d", "sql:" + nss, "--empty-password");
            run("certutil", "-A", "-d", "sql:" + nss, "-n", "tijori-esign-ca", "-t", "C,C,C", "-i", pem.toString());
        }
        return nss;
    }

    private int verify(Path p7s, Path content) throws Exception {
        Path pem = Files.writeString(directory.resolve("ca-openssl.pem"), new WebClient(port).get("/esign/ca.pem").body());
        Process process = new ProcessBuilder("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                p7s.toString(), "-content", content.toString(), "-CAfile", pem.toString(), "-out", "/dev/null")
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static void assumeTool(String tool) {
        assumeThat(Files.isExecutable(Path.of("/usr/bin", tool))).as(tool + " is installed").isTrue();
    }

    static byte[] pdf(int pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            for (int i = 0; i < pages; i++) {
                document.addPage(new PDPage());
            }
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] encryptedPdf() throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf(1))) {
            AccessPermission permissions = new AccessPermission();
            permissions.setCanModify(false);
            var policy = new StandardProtectionPolicy("owner-secret", "", permissions);
            policy.setEncryptionKeyLength(256);
            document.protect(policy);
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static String csrf(Resident resident) throws Exception {
        return WebClient.csrfTokenOf(resident.web().get("/locker/uploaded").body());
    }

    private static String signingId(HttpResponse<String> started) {
        Matcher matcher = SIGNING_ID.matcher(started.body());
        assertThat(matcher.find()).as(started.body()).isTrue();
        return matcher.group(1);
    }

    private static String detail(HttpResponse<String> answer) {
        return field(answer.body(), "detail");
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }

    record Resident(ResidentAccount account, String mobile, WebClient web) {
    }
}
