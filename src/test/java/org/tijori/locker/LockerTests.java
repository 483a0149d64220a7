package org.tijori.locker;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.events.AccountDeleted;
import org.tijori.audit.AuditEntry;
import org.tijori.audit.AuditTrail;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tijori.locker.TestDocuments.pdf;
import static org.awaitility.Awaitility.await;

/**
 * A resident's locker over HTTP: issued documents delivered by a real push, uploads through the pages
 * and the JSON API, the quota under parallel uploads, and another resident's documents answering 404
 * on every endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + LockerTests.TOKEN, "tijori.locker.max-upload-size=64KB",
        "tijori.locker.quota=320KB", "tijori.issuer.registrations-per-address=1000" })
class LockerTests {

    static final String TOKEN = "locker-tests-bootstrap-token-0123456789";

    static final String PASSWORD = "a long and unusual phrase";

    static final AtomicInteger residents = new AtomicInteger();

    static final AtomicInteger issuers = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail trail;

    @Autowired
    org.tijori.issuer.IssuedDocuments issuedDocuments;

    @Autowired
    UploadedDocuments uploads;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    @Test
    void showsAnIssuedDocumentOpensItAndDownloadsItsPdfAndXml() throws Exception {
        Resident resident = newResident();
        TestIssuer issuer = approvedIssuer();
        String uri = deliver(issuer, resident.account(), "LK" + residents.get());

        HttpResponse<String> list = resident.web().get("/locker/issued");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Class XII Marksheet", "/locker/issued/" + uri, "Active");
        assertThat(resident.web().get("/locker/issued?q=marksheet").body()).contains("/locker/issued/" + uri);
        assertThat(resident.web().get("/locker/issued?q=licence").body()).doesNotContain("/locker/issued/" + uri);
        assertThat(resident.web().get("/locker/issued?issuer=" + issuer.issuerId + "&type=HSCER").body())
                .contains("/locker/issued/" + uri);

        HttpResponse<String> view = resident.web().get("/locker/issued/" + uri);
        assertThat(view.statusCode()).isEqualTo(200);
        // The QR code and link carry Tijori's proof (ADR 22); without it they led nowhere.
        assertThat(view.body()).contains("id=\"document-uri\">" + uri + "<", "<svg", "/verify/" + uri + "?p=ey",
                "/locker/issued/" + uri + "/pdf", "/locker/issued/" + uri + "/xml");

        HttpResponse<String> detail = resident.web().get("/api/v1/locker/issued/" + uri);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).containsPattern("\"verifyUrl\":\"[^\"]*/verify/" + java.util.regex.Pattern.quote(uri)
                + "\\?p=ey[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}\"");

        HttpResponse<byte[]> pdf = resident.web().getBytes("/locker/issued/" + uri + "/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment").contains(uri + ".pdf"));
        assertThat(pdf.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        HttpResponse<byte[]> xml = resident.web().getBytes("/locker/issued/" + uri + "/xml");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(new String(xml.body(), StandardCharsets.UTF_8)).contains("<Certificate", "Signature");
        assertThat(resident.web().getBytes("/locker/issued/" + uri + "/preview.png").headers()
                .firstValue("Content-Type")).hasValue("image/png");

        HttpResponse<String> json = resident.web().get("/api/v1/locker/issued");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"uri\":\"" + uri + "\"", "\"status\":\"ACTIVE\"", "\"total\":1");
        // The total holds on a page past the end, and follows the filter.
        assertThat(resident.web().get("/api/v1/locker/issued?page=3").body())
                .contains("\"documents\":[]", "\"total\":1");
        assertThat(resident.web().get("/api/v1/locker/issued?q=nothing-like-it").body())
                .contains("\"documents\":[]", "\"total\":0");

        await().untilAsserted(() -> assertThat(trail.about(resident.account().id().toString(), 50))
                .extracting(AuditEntry::action).contains("locker.DocumentDownloaded", "issuer.DocumentDelivered"));
    }

    @Test
    void aDownloadIsRecordedWithWhatNamesTheDocumentOnce() throws Exception {
        Resident resident = newResident();
        String uri = deliver(approvedIssuer(), resident.account(), "DL" + residents.get());
        assertThat(resident.web().getBytes("/locker/issued/" + uri + "/pdf").statusCode()).isEqualTo(200);
        assertThat(resident.web().getBytes("/api/v1/locker/issued/" + uri + "/xml").statusCode()).isEqualTo(200);
        HttpResponse<String> uploaded = resident.web().postMultipart("/api/v1/locker/uploaded", Map.of(), "file",
                "ration-card.pdf", pdf(), "X-CSRF-TOKEN", csrf(resident.web()));
        String id = field(uploaded.body(), "id");
        assertThat(resident.web().getBytes("/locker/uploaded/" + id + "/download").statusCode()).isEqualTo(200);

        String name = issuedDocuments.find(resident.account().id(), org.tijori.issuer.DocumentUri.parse(uri))
                .orElseThrow().docName();
        await().untilAsserted(() -> assertThat(trail.about(resident.account().id().toString(), 50))
                .filteredOn(entry -> entry.action().equals("locker.DocumentDownloaded"))
                .extracting(AuditEntry::fields)
                .as("an issued document by its URI and its name, an upload by its ID and name")
                .containsExactlyInAnyOrder(Map.of("name", name, "uri", uri, "form", "pdf"),
                        Map.of("name", name, "uri", uri, "form", "xml"),
                        Map.of("document", id, "name", "ration-card.pdf", "form", "original")));
        assertThat(resident.web().get("/activity?kind=downloads").body()).contains(name, "ration-card.pdf");
    }

    @Test
    void aRevokedDocumentSaysSoInTheListTheDocumentAndTheDashboard() throws Exception {
        Resident resident = newResident();
        TestIssuer issuer = approvedIssuer();
        String uri = deliver(issuer, resident.account(), "RV" + residents.get());
        HttpResponse<String> revoked = new WebClient(port).postForm("/public/issuer/1/status",
                issuer.statusForm(uri, "revoked", "Result withheld"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        assertThat(resident.web().get("/locker/issued").body()).contains("badge--revoked");
        assertThat(resident.web().get("/locker/issued/" + uri).body()).contains("id=\"document-withdrawn\"",
                "Result withheld");
        HttpResponse<String> dashboard = resident.web().get("/dashboard");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("id=\"withdrawn-list\"", "/locker/issued/" + uri,
                "id=\"issued-count\">1<", "id=\"link-prompt\"");
    }

    @Test
    void uploadsRenamesTypesMovesDownloadsDeletesAndRestores() throws Exception {
        Resident resident = newResident();
        WebClient web = resident.web();
        byte[] pdf = pdf();

        HttpResponse<String> uploaded = web.postMultipart("/locker/uploaded", Map.of("_csrf", csrf(web),
                "type", "passport"), "file", "my passport.pdf", pdf);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(302);
        HttpResponse<String> confirmed = web.follow(uploaded);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).contains("One file uploaded.");
        String id = onlyUploadOf(resident);
        assertThat(web.get("/locker/uploaded").body()).contains("my passport.pdf", "Passport",
                "/locker/uploaded/" + id + "/download");
        assertThat(uploads.usage(resident.account().id()).usedBytes()).isEqualTo(pdf.length);

        HttpResponse<byte[]> thumbnail = web.getBytes("/locker/uploaded/" + id + "/thumbnail");
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(thumbnail.body())).getWidth()).isPositive();

        assertThat(web.submit("/locker/uploaded", "/locker/uploaded/" + id + "/rename", Map.of("name", "Passport 2026.pdf"))
                .statusCode()).isEqualTo(302);
        assertThat(web.submit("/locker/uploaded", "/locker/uploaded/" + id + "/type", Map.of("type", "pan-card"))
                .statusCode()).isEqualTo(302);
        HttpResponse<String> folder = web.submit("/locker/uploaded", "/locker/uploaded/folders", Map.of("name", "Identity"));
        String folderId = folder.headers().firstValue("Location").orElseThrow().replaceAll(".*folder=", "");
        assertThat(web.submit("/locker/uploaded", "/locker/uploaded/" + id + "/move", Map.of("folder", folderId))
                .statusCode()).isEqualTo(302);
        assertThat(web.get("/locker/uploaded?folder=" + folderId).body()).contains("Passport 2026.pdf", "PAN card");

        HttpResponse<byte[]> download = web.getBytes("/locker/uploaded/" + id + "/download");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment").contains("Passport 2026.pdf"));
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        assertThat(web.submit("/locker/uploaded", "/locker/uploaded/" + id + "/delete", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(web.get("/locker/uploaded").body()).doesNotContain("Passport 2026.pdf");
        assertThat(web.get("/locker/uploaded?bin").body()).contains("Passport 2026.pdf");
        assertThat(web.getBytes("/locker/uploaded/" + id + "/download").statusCode()).as("not from the bin").isEqualTo(404);
        assertThat(web.submit("/locker/uploaded?bin", "/locker/uploaded/" + id + "/restore", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(web.get("/locker/uploaded").body()).contains("Passport 2026.pdf");

        web.submit("/locker/uploaded", "/locker/uploaded/" + id + "/delete", Map.of());
        long blobs = count("storage_blob");
        assertThat(web.submit("/locker/uploaded?bin", "/locker/uploaded/" + id + "/purge", Map.of("confirm", "yes"))
                .statusCode()).isEqualTo(302);
        assertThat(count("storage_blob")).as("the content and its thumbnail are gone").isEqualTo(blobs - 2);
        assertThat(uploads.usage(resident.account().id()).usedBytes()).isZero();

        await().untilAsserted(() -> assertThat(trail.about(resident.account().id().toString(), 50))
                .extracting(AuditEntry::action).contains("locker.DocumentUploaded", "locker.DocumentDownloaded",
                        "locker.DocumentDeleted", "locker.DocumentRestored", "locker.DocumentChanged"));
    }

    @Test
    void theApiNamesFoldersAndUploadsByThePlainUuidAndRefusesAFolderThatIsNoUuid() throws Exception {
        WebClient web = newResident().web();
        HttpResponse<String> created = web.postJson("/api/v1/locker/folders", "{\"name\":\"Identity\"}",
                "X-CSRF-TOKEN", csrf(web));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String folder = field(created.body(), "id");
        HttpResponse<String> uploaded = web.postMultipart("/api/v1/locker/uploaded", Map.of("folder", folder), "file",
                "voter-id.pdf", pdf(), "X-CSRF-TOKEN", csrf(web));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String id = field(uploaded.body(), "id");
        assertThat(uploaded.body()).contains("\"folder\":{\"id\":\"" + folder + "\",\"name\":\"Identity\"}");

        assertThat(web.get("/api/v1/locker/uploaded?folder=" + folder).body()).contains("\"id\":\"" + id + "\"");
        assertThat(web.get("/api/v1/locker/uploaded?folder=").body()).as("no folder: all of them")
                .contains("\"id\":\"" + id + "\"");
        assertThat(web.get("/api/v1/locker/uploaded/" + id).body()).contains("\"name\":\"voter-id.pdf\"");
        assertThat(web.get("/api/v1/locker/folders").body()).isEqualTo("[{\"id\":\"" + folder
                + "\",\"name\":\"Identity\"}]");

        HttpResponse<String> notAFolder = web.get("/api/v1/locker/uploaded?folder=identity");
        assertThat(notAFolder.statusCode()).as(notAFolder.body()).isEqualTo(400);
        assertThat(notAFolder.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(web.get("/api/v1/locker/uploaded/voter-id").statusCode()).isEqualTo(404);
        assertThat(web.get("/locker/uploaded?folder=identity").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedNumbersInAPageAddressAnswer400() throws Exception {
        WebClient web = newResident().web();

        for (String path : List.of("/locker/uploaded?uploaded=many", "/locker/issued?page=last")) {
            HttpResponse<String> answer = web.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.body()).as(path).contains("error-page__reference", "<h1").doesNotContain("Exception");
        }
        assertThat(web.get("/locker/uploaded?uploaded=3").body()).contains("3 files uploaded.");
    }

    @Test
    void judgesTheTypeByContentAndRefusesLargeFilesLeavingNothingBehind() throws Exception {
        Resident resident = newResident();
        WebClient web = resident.web();
        long blobs = count("storage_blob");

        HttpResponse<String> script = web.postMultipart("/locker/uploaded", Map.of("_csrf", csrf(web)), "file",
                "passport.pdf", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        assertThat(script.statusCode()).isEqualTo(415);
        assertThat(script.body()).contains("passport.pdf: This is a text file; a locker takes only PDF "
                + "documents, JPEG images or PNG images.").doesNotContain("text/plain", "accepts application/pdf");
        assertThat(script.body()).as("the error tied to the file field").contains("id=\"upload-error\"",
                "aria-describedby=\"file-hint upload-error\"", "aria-invalid=\"true\"");

        HttpResponse<String> gif = web.postMultipart("/locker/uploaded?lang=hi", Map.of("_csrf", csrf(web)), "file",
                "photo.png", "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(gif.statusCode()).isEqualTo(415);
        assertThat(gif.body()).contains("photo.png: यह एक GIF तस्वीर है; लॉकर में केवल PDF दस्तावेज़, JPEG तस्वीरें "
                + "या PNG तस्वीरें रखे जा सकते हैं।").doesNotContain("image/gif");
        web.get("/locker/uploaded?lang=en");

        HttpResponse<String> large = web.postMultipart("/locker/uploaded", Map.of("_csrf", csrf(web)), "file",
                "big.png", png(70 * 1024, 90 * 1024));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("larger than 64 KB");

        HttpResponse<String> api = web.postMultipart("/api/v1/locker/uploaded", Map.of(), "file", "notes.pdf",
                "plain text".getBytes(StandardCharsets.UTF_8), "X-CSRF-TOKEN", csrf(web));
        assertThat(api.statusCode()).isEqualTo(415);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        assertThat(uploads.list(resident.account().id(), null)).isEmpty();
        assertThat(count("storage_blob")).isEqualTo(blobs);
        assertThat(uploads.usage(resident.account().id()).usedBytes()).isZero();
    }

    @Test
    void aRefusalIsWordedInTheReadersLanguage() throws Exception {
        Resident resident = newResident();
        WebClient web = resident.web();
        web.get("/locker/uploaded?lang=hi");

        HttpResponse<String> large = web.postMultipart("/locker/uploaded", Map.of("_csrf", csrf(web)), "file",
                "big.png", png(70 * 1024, 90 * 1024));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("big.png: फ़ाइल 64 KB से बड़ी है, जो एक अपलोड की अधिकतम सीमा है।")
                .doesNotContain("larger than");
        HttpResponse<String> empty = web.postMultipart("/locker/uploaded", Map.of("_csrf", csrf(web)), "file",
                "empty.pdf", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("empty.pdf: फ़ाइल खाली है।").doesNotContain("The file is empty");

        assertThat(web.submit("/locker/uploaded", "/locker/uploaded/folders", Map.of("name", "Identity"))
                .statusCode()).isEqualTo(302);
        HttpResponse<String> again = web.submit("/locker/uploaded", "/locker/uploaded/folders",
                Map.of("name", "Identity"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("Identity नाम का फ़ोल्डर आपके पास पहले से है।");

        HttpResponse<String> uploaded = web.postMultipart("/locker/uploaded", Map.of("_csrf", csrf(web)), "file",
                "my passport.pdf", pdf());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(302);
        HttpResponse<String> unnamed = web.submit("/locker/uploaded",
                "/locker/uploaded/" + onlyUploadOf(resident) + "/rename", Map.of("name", " "));
        assertThat(unnamed.statusCode()).isEqualTo(400);
        assertThat(unnamed.body()).contains("दस्तावेज़ को एक नाम दें।");

        HttpResponse<String> api = web.postMultipart("/api/v1/locker/uploaded", Map.of(), "file", "empty.pdf",
                new byte[0], "X-CSRF-TOKEN", csrf(web));
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).as("the API speaks English and names the problem").contains("The file is empty.",
                "\"reason\":\"empty\"");
        web.get("/locker/uploaded?lang=en");
    }

    @Test
    void anUploadLargerThanAFileMayBeIsRefusedBeforeItsBodyIsRead() throws Exception {
        Resident resident = newResident();
        String csrf = csrf(resident.web());

        // A hundred megabytes announced, none sent: the answer must come without waiting for them.
        String answer = rawPost("/api/v1/locker/uploaded", "SESSION=" + resident.web().cookie("SESSION"), csrf,
                100L * 1024 * 1024);

        String page = rawPost("/locker/uploaded", "SESSION=" + resident.web().cookie("SESSION"), csrf,
                100L * 1024 * 1024);

        assertThat(answer).startsWith("HTTP/1.1 413").contains("larger than 64 KB");
        assertThat(page).startsWith("HTTP/1.1 413").contains("role=\"alert\"");
        assertThat(uploads.list(resident.account().id(), null)).isEmpty();
    }

    /** Sends only the head of a multipart POST and reads the answer, or says that none came within 5 s. */
    private String rawPost(String path, String cookie, String csrf, long length) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookie
                    + "\r\nX-CSRF-TOKEN: " + csrf + "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] head = new byte[2048];
            int n = socket.getInputStream().read(head);
            return n < 0 ? "closed without an answer" : new String(head, 0, n, StandardCharsets.US_ASCII);
        }
        catch (java.net.SocketTimeoutException e) {
            return "no answer within 5 s";
        }
    }

    @Test
    void parallelUploadsCannotPassTheQuotaTogether() throws Exception {
        Resident resident = newResident();
        String csrf = csrf(resident.web());
        byte[] image = png(56 * 1024, 63 * 1024);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                calls.add(() -> resident.web().postMultipart("/api/v1/locker/uploaded", Map.of(), "file",
                        "scan-" + n + ".png", image, "X-CSRF-TOKEN", csrf).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            long accepted = statuses.stream().filter(status -> status == 201).count();
            assertThat(statuses).containsOnly(201, 413);
            assertThat(accepted).as("320 KB holds five files of 56 to 63 KB").isEqualTo(5);
        }
        finally {
            pool.shutdownNow();
        }
        Usage usage = uploads.usage(resident.account().id());
        assertThat(usage.usedBytes()).isEqualTo(5L * image.length).isLessThanOrEqualTo(usage.quotaBytes());
        assertThat(uploads.list(resident.account().id(), null)).hasSize(5);
    }

    @Test
    void anotherResidentsDocumentsAnswer404OnEveryEndpoint() throws Exception {
        Resident owner = newResident();
        Resident stranger = newResident();
        TestIssuer issuer = approvedIssuer();
        String uri = deliver(issuer, owner.account(), "XR" + residents.get());
        owner.web().postMultipart("/locker/uploaded", Map.of("_csrf", csrf(owner.web())), "file", "owner.pdf", pdf());
        String id = onlyUploadOf(owner);
        WebClient web = stranger.web();
        String csrf = csrf(web);

        for (String path : List.of("/locker/issued/" + uri, "/locker/issued/" + uri + "/pdf",
                "/locker/issued/" + uri + "/xml", "/locker/issued/" + uri + "/preview.png",
                "/locker/uploaded/" + id + "/download", "/locker/uploaded/" + id + "/thumbnail",
                "/api/v1/locker/issued/" + uri, "/api/v1/locker/issued/" + uri + "/pdf",
                "/api/v1/locker/issued/" + uri + "/xml", "/api/v1/locker/uploaded/" + id,
                "/api/v1/locker/uploaded/" + id + "/content", "/api/v1/locker/uploaded/" + id + "/thumbnail")) {
            HttpResponse<byte[]> answer = web.getBytes(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).as(path).doesNotContain("owner.pdf", "%PDF");
        }
        for (String action : List.of("rename", "type", "move", "delete", "restore", "purge")) {
            HttpResponse<String> answer = web.postForm("/locker/uploaded/" + id + "/" + action,
                    Map.of("_csrf", csrf, "name", "stolen.pdf", "type", "passport", "folder", ""));
            assertThat(answer.statusCode()).as(action).isEqualTo(404);
        }
        assertThat(web.send("PATCH", "/api/v1/locker/uploaded/" + id, "application/json",
                "{\"name\":\"stolen.pdf\"}".getBytes(StandardCharsets.UTF_8), "X-CSRF-TOKEN", csrf).statusCode())
                .isEqualTo(404);
        assertThat(web.send("DELETE", "/api/v1/locker/uploaded/" + id, null, null, "X-CSRF-TOKEN", csrf).statusCode())
                .isEqualTo(404);
        assertThat(web.post("/api/v1/locker/uploaded/" + id + "/restore", "application/json", new byte[0],
                "X-CSRF-TOKEN", csrf).statusCode()).isEqualTo(404);
        assertThat(web.get("/locker/issued").body()).doesNotContain(uri);
        assertThat(web.get("/api/v1/locker/uploaded").body()).doesNotContain(id);

        UploadedDocument untouched = uploads.find(owner.account().id(), UploadId.parse(id).orElseThrow()).orElseThrow();
        assertThat(untouched.name()).isEqualTo("owner.pdf");
        assertThat(untouched.inBin()).isFalse();
        assertThat(untouched.docType()).isNull();
    }

    @Test
    void theJsonApiUploadsChangesAndDeletesWithTheSessionAndItsCsrfToken() throws Exception {
        Resident resident = newResident();
        WebClient web = resident.web();
        String csrf = csrf(web);
        assertThat(web.postMultipart("/api/v1/locker/uploaded", Map.of(), "file", "a.png", png(200, 4096)).statusCode())
                .as("no CSRF token").isEqualTo(403);

        HttpResponse<String> created = web.postMultipart("/api/v1/locker/uploaded", Map.of("type", "voter-id"), "file",
                "../../etc/voter\u202Egnp.exe.png", png(200, 4096), "X-CSRF-TOKEN", csrf);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = field(created.body(), "id");
        assertThat(field(created.body(), "name")).isEqualTo("votergnp.exe.png");
        assertThat(field(created.body(), "type")).isEqualTo("voter-id");

        HttpResponse<String> folder = web.postJson("/api/v1/locker/folders", "{\"name\":\"Cards\"}", "X-CSRF-TOKEN", csrf);
        assertThat(folder.statusCode()).isEqualTo(201);
        assertThat(web.postJson("/api/v1/locker/folders", "{\"name\":\"Cards\"}", "X-CSRF-TOKEN", csrf).statusCode())
                .isEqualTo(409);
        HttpResponse<String> changed = web.send("PATCH", "/api/v1/locker/uploaded/" + id, "application/json",
                ("{\"name\":\"Voter card.png\",\"folder\":\"" + field(folder.body(), "id") + "\"}")
                        .getBytes(StandardCharsets.UTF_8), "X-CSRF-TOKEN", csrf);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).contains("\"name\":\"Voter card.png\"", "\"name\":\"Cards\"");
        assertThat(web.send("PATCH", "/api/v1/locker/uploaded/" + id, "application/json",
                "{\"type\":\"spaceship\"}".getBytes(StandardCharsets.UTF_8), "X-CSRF-TOKEN", csrf).statusCode())
                .isEqualTo(400);

        assertThat(web.send("DELETE", "/api/v1/locker/uploaded/" + id, null, null, "X-CSRF-TOKEN", csrf).statusCode())
                .isEqualTo(204);
        assertThat(web.get("/api/v1/locker/uploaded?bin=true").body()).contains(id);
        assertThat(web.post("/api/v1/locker/uploaded/" + id + "/restore", "application/json", new byte[0],
                "X-CSRF-TOKEN", csrf).statusCode()).isEqualTo(200);
        assertThat(web.get("/api/v1/locker/usage").body()).contains("\"usedBytes\":" + png(200, 4096).length);
        assertThat(new WebClient(port).get("/api/v1/locker/uploaded").statusCode()).isEqualTo(401);
        assertThat(new WebClient(port).get("/locker/uploaded").statusCode()).isEqualTo(302);
    }

    @Test
    void deletingForGoodAsksForATickAndTheBinSaysHowManyDaysAreLeft() throws Exception {
        Resident resident = newResident();
        WebClient web = resident.web();
        web.postMultipart("/locker/uploaded", Map.of("_csrf", csrf(web)), "file", "old bill.pdf", pdf());
        String id = onlyUploadOf(resident);
        uploads.delete(resident.account().id(), UploadId.parse(id).orElseThrow());
        jdbc.sql("update locker_upload set deleted_at = now() - interval '27 days 12 hours' where id = ?::uuid")
                .param(id).update();

        String bin = web.get("/locker/uploaded?bin").body();
        assertThat(bin).contains("aria-label=\"Delete for good: old bill.pdf\"", ">Delete for good</button>",
                "name=\"confirm\" value=\"yes\" required", "3 days left before it is deleted by itself.");

        HttpResponse<String> unconfirmed = web.submit("/locker/uploaded?bin", "/locker/uploaded/" + id + "/purge",
                Map.of());
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("Tick the box first", "aria-invalid=\"true\"",
                "aria-describedby=\"purge-error-" + id + "\"");
        assertThat(uploads.find(resident.account().id(), UploadId.parse(id).orElseThrow())).hasValueSatisfying(
                document -> assertThat(document.inBin()).isTrue());
        assertThat(web.get("/locker/uploaded?bin&lang=hi").body()).contains("अपने-आप हटने में 3 दिन बाकी हैं।",
                "aria-label=\"स्थायी रूप से हटाएँ: old bill.pdf\"");

        assertThat(web.submit("/locker/uploaded?bin", "/locker/uploaded/" + id + "/purge", Map.of("confirm", "yes"))
                .statusCode()).isEqualTo(302);
        assertThat(uploads.find(resident.account().id(), UploadId.parse(id).orElseThrow())).isEmpty();
    }

    @Test
    void uploadsAreSearchedSortedViewedInTheBrowserAndTheBinEmptiedAtOnce() throws Exception {
        Resident resident = newResident();
        WebClient web = resident.web();
        byte[] passportPdf = pdf();
        for (String name : List.of("Water bill.pdf", "passport.pdf", "Electricity BILL.pdf")) {
            assertThat(web.postMultipart("/locker/uploaded", Map.of("_csrf", csrf(web)), "file", name,
                    name.equals("passport.pdf") ? passportPdf : pdf()).statusCode()).isEqualTo(302);
        }
        String bills = web.get("/locker/uploaded?q=bill&sort=name").body();
        assertThat(bills).contains("id=\"uploaded-search\"", "value=\"bill\"");
        assertThat(names(bills)).containsExactly("Electricity BILL.pdf", "Water bill.pdf");
        assertThat(names(web.get("/locker/uploaded?sort=oldest").body()))
                .containsExactly("Water bill.pdf", "passport.pdf", "Electricity BILL.pdf");
        assertThat(names(web.get("/locker/uploaded?sort=nonsense").body())).as("an unknown order is the newest first")
                .containsExactly("Electricity BILL.pdf", "passport.pdf", "Water bill.pdf");
        assertThat(web.get("/locker/uploaded?q=%3Cscript%3E").body()).contains("id=\"uploaded-none-found\"")
                .doesNotContain("<script>");

        String passport = uploads.list(resident.account().id(), null).stream()
                .filter(document -> document.name().equals("passport.pdf")).findFirst().orElseThrow().id().toString();
        HttpResponse<byte[]> view = web.getBytes("/locker/uploaded/" + passport + "/view");
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).isEqualTo(passportPdf);
        assertThat(view.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("inline").contains("passport.pdf"));
        assertThat(view.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        Resident stranger = newResident();
        assertThat(stranger.web().getBytes("/locker/uploaded/" + passport + "/view").statusCode())
                .as("another resident's document").isEqualTo(404);

        for (var document : uploads.list(resident.account().id(), null)) {
            uploads.delete(resident.account().id(), document.id());
        }
        long blobs = count("storage_blob");
        HttpResponse<String> unconfirmed = web.submit("/locker/uploaded?bin", "/locker/uploaded/bin/empty", Map.of());
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("id=\"empty-bin-error\"");
        assertThat(uploads.bin(resident.account().id())).hasSize(3);
        HttpResponse<String> strangers = stranger.web().submit("/locker/uploaded?bin", "/locker/uploaded/bin/empty",
                Map.of("confirm", "yes"));
        assertThat(strangers.statusCode()).isEqualTo(302);
        assertThat(stranger.web().follow(strangers).body()).contains("The recycle bin was already empty.");
        assertThat(uploads.bin(resident.account().id())).as("another resident's emptying reaches only their own bin")
                .hasSize(3);
        HttpResponse<String> emptied = web.submit("/locker/uploaded?bin", "/locker/uploaded/bin/empty",
                Map.of("confirm", "yes"));
        assertThat(emptied.statusCode()).isEqualTo(302);
        assertThat(web.follow(emptied).body()).contains("3 documents are deleted for good.");
        assertThat(uploads.bin(resident.account().id())).isEmpty();
        assertThat(count("storage_blob")).as("the three contents are gone (no thumbnail was asked for)")
                .isEqualTo(blobs - 3);
        assertThat(uploads.usage(resident.account().id()).usedBytes()).isZero();
    }

    private static List<String> names(String page) {
        return java.util.regex.Pattern.compile("<p class=\"doc-card__name\">([^<]*)</p>").matcher(page).results()
                .map(match -> match.group(1)).toList();
    }

    @Test
    void theRecycleBinEmptiesItselfAfterItsRetention() throws Exception {
        Resident resident = newResident();
        resident.web().postMultipart("/locker/uploaded", Map.of("_csrf", csrf(resident.web())), "file", "old.pdf", pdf());
        String id = onlyUploadOf(resident);
        uploads.delete(resident.account().id(), UploadId.parse(id).orElseThrow());
        jdbc.sql("update locker_upload set deleted_at = now() - interval '31 days' where id = ?::uuid").param(id).update();

        assertThat(uploads.emptyBins()).isGreaterThanOrEqualTo(1);
        assertThat(uploads.find(resident.account().id(), UploadId.parse(id).orElseThrow())).isEmpty();
        assertThat(uploads.usage(resident.account().id()).usedBytes()).isZero();
    }

    @Test
    void aDeletedAccountTakesItsUploadsAndTheirContentWithIt() throws Exception {
        Resident resident = newResident();
        resident.web().postMultipart("/locker/uploaded", Map.of("_csrf", csrf(resident.web())), "file", "gone.pdf", pdf());
        String blob = jdbc.sql("select blob_id::text from locker_upload where account_id = ?")
                .param(resident.account().id().value()).query(String.class).single();

        transactions.executeWithoutResult(status -> events.publishEvent(new AccountDeleted(resident.account().id())));

        await().untilAsserted(() -> {
            assertThat(uploads.list(resident.account().id(), null)).isEmpty();
            assertThat(jdbc.sql("select count(*) from storage_blob where id = ?::uuid").param(blob).query(Long.class)
                    .single()).isZero();
            assertThat(jdbc.sql("select count(*) from locker_usage where account_id = ?")
                    .param(resident.account().id().value()).query(Long.class).single()).isZero();
        });
    }

    @Test
    void theApiIsDescribedInOpenApi() throws Exception {
        String description = new WebClient(port).get("/v3/api-docs").body();
        assertThat(description).contains("/api/v1/locker/issued", "/api/v1/locker/uploaded/{id}/content",
                "/api/v1/locker/folders", "/api/v1/locker/usage");
    }

    private Resident newResident() throws Exception {
        int n = residents.incrementAndGet();
        String username = "locker" + n + "x" + (System.nanoTime() % 100_000);
        ResidentAccount account = accounts.signUp(new MobileNumber(String.valueOf(6_200_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n)), username, PASSWORD);
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/dashboard"));
        return new Resident(account, web);
    }

    private TestIssuer approvedIssuer() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.locker" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        return issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
    }

    /** Pushes a signed marksheet to the resident's locker by locker ID; returns its URI. */
    private String deliver(TestIssuer issuer, ResidentAccount resident, String docId) throws Exception {
        return issuer.publish(new WebClient(port), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", "HSCER",
                docId, "234567890124", "Asha Verma");
    }

    private String onlyUploadOf(Resident resident) {
        return jdbc.sql("select id::text from locker_upload where account_id = ?").param(resident.account().id().value())
                .query(String.class).single();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static String csrf(WebClient web) throws Exception {
        return WebClient.csrfTokenOf(web.get("/locker/uploaded").body());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }

    /** A PNG of random pixels (which do not compress) between {@code min} and {@code max} bytes. */
    static byte[] png(int min, int max) throws Exception {
        var random = new java.util.Random(min);
        for (int side = 8; side < 2000; side += 2) {
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    image.setRGB(x, y, random.nextInt());
                }
            }
            var out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            if (out.size() >= min) {
                if (out.size() > max) {
                    throw new IllegalStateException("no PNG between " + min + " and " + max + " bytes");
                }
                return out.toByteArray();
            }
        }
        throw new IllegalStateException("no PNG of " + min + " bytes");
    }

    record Resident(ResidentAccount account, WebClient web) {
    }
}
