package org.tijori.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditEntry;
import org.tijori.audit.AuditTrail;
import org.tijori.gateway.partner.PartnerUploads;
import org.tijori.gateway.token.PartnerAccess;
import org.tijori.locker.Folder;
import org.tijori.locker.UploadedDocuments;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.tijori.gateway.PartnerFilesTests.hmac;
import static org.tijori.gateway.PartnerFilesTests.items;
import static org.tijori.gateway.PartnerFilesTests.png;
import static org.tijori.locker.TestDocuments.pdf;

/**
 * DigiLocker's upload over HTTP (ADR 23, operation 5): a requester's file lands in the resident's uploaded documents,
 * is listed and read back by its {@code self-UPLD} URI, and is on the resident's trail as the requester's; every
 * refusal has DigiLocker's code and leaves no row, no blob and no temporary file behind.
 */
@RequesterTestContext
class PartnerUploadTests {

    static final String UPLOAD = "/public/oauth2/1/file/upload";

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    UploadedDocuments uploads;

    @Autowired
    AuditTrail trail;

    @Autowired
    TijoriProperties tijori;

    @Autowired
    PartnerUploads partnerUploads;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RequesterRegistrations registrations;

    ResidentLockers lockers() {
        return new ResidentLockers(port, accounts, uploads, jdbc);
    }

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void aFileLandsInTheResidentsLockerIsListedAndReadableByItsUriAsTheRequestersUpload() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        Folder bank = uploads.createFolder(resident.id(), "Bank papers");
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.upload", "files.uploadeddocs");
        byte[] content = pdf();
        byte[] image = png();

        HttpResponse<String> answer = upload(grant, "application/pdf", content, "path", "/Bank papers/statement.pdf",
                "hmac", hmac(requester.clientSecret, content));
        HttpResponse<String> topLevel = upload(grant, "image/png", image, "path", "photo.png",
                "hmac", hmac(requester.clientSecret, image));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> uploaded = JSONObjectUtils.parse(answer.body());
        assertThat(uploaded).containsExactly(Map.entry("Path", "/Bank papers/statement.pdf"),
                Map.entry("size", Integer.toString(content.length)));
        assertThat(topLevel.statusCode()).as(topLevel.body()).isEqualTo(200);
        assertThat(JSONObjectUtils.parse(topLevel.body())).containsEntry("Path", "/photo.png")
                .containsEntry("size", Integer.toString(image.length));

        List<Map<String, Object>> inFolder = items(JSONObjectUtils.parse(http().get("/public/oauth2/1/files/"
                + bank.id(), grant.bearer()).body()));
        assertThat(inFolder).singleElement().satisfies(item -> assertThat(item)
                .containsEntry("name", "statement.pdf").containsEntry("mime", "application/pdf")
                .containsEntry("size", Integer.toString(content.length)));
        String uri = (String) inFolder.get(0).get("uri");
        assertThat(uri).matches("self-UPLD-[0-9a-f]{32}");
        assertThat(items(JSONObjectUtils.parse(http().get("/public/oauth2/1/files/", grant.bearer()).body())))
                .extracting(item -> item.get("name")).containsExactly("Bank papers", "photo.png");
        HttpResponse<byte[]> read = http().getBytes("/public/oauth2/1/file/" + uri, grant.bearer());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(content);
        assertThat(read.headers().firstValue("hmac")).hasValue(hmac(requester.clientSecret, content));
        assertThat(uploads.list(resident.id(), bank.id())).singleElement()
                .satisfies(document -> assertThat(document.name()).isEqualTo("statement.pdf"));
        assertThat(jdbc.sql("select document from gateway_access where consent_id = ? and operation = 'upload'")
                .param(grant.consent()).query(String.class).list()).hasSize(2).contains(uri);
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 50))
                .filteredOn(entry -> entry.action().equals("gateway.PartnerAccessed")
                        && "upload".equals(entry.fields().get("operation")))
                .hasSize(2).anySatisfy(entry -> assertThat(entry.fields()).containsEntry("document", uri))
                .allSatisfy(entry -> assertThat(entry.actor().id()).isEqualTo(requester.clientId)));
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 50))
                .filteredOn(entry -> entry.action().equals("locker.DocumentUploaded")).hasSize(2)
                .extracting(AuditEntry::actor).allSatisfy(actor -> {
                    assertThat(actor.type()).isEqualTo("CLIENT");
                    assertThat(actor.id()).isEqualTo(requester.clientId);
                }));
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void afterASecretRotationTheNextAnswerIsKeyedByTheNewSecretAndTheOldOneUploadsNothing() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.upload", "files.uploadeddocs");
        byte[] content = pdf();
        assertThat(upload(grant, "application/pdf", content, "path", "before.pdf", "hmac",
                hmac(requester.clientSecret, content)).statusCode()).isEqualTo(200);
        String uri = (String) items(JSONObjectUtils.parse(http().get("/public/oauth2/1/files/", grant.bearer())
                .body())).get(0).get("uri");
        assertThat(http().getBytes("/public/oauth2/1/file/" + uri, grant.bearer()).headers().firstValue("hmac"))
                .hasValue(hmac(requester.clientSecret, content));

        String rotated = registrations.rotateSecret(new RequesterId(UUID.fromString(requester.id)), "test")
                .clientSecret();

        // Read within the same second as the answer before: the secret that keys it is not taken from a cache.
        assertThat(http().getBytes("/public/oauth2/1/file/" + uri, grant.bearer()).headers().firstValue("hmac"))
                .hasValue(hmac(rotated, content));
        assertThat(upload(grant, "application/pdf", content, "path", "after.pdf", "hmac",
                hmac(requester.clientSecret, content)).statusCode()).as("the old secret's hmac").isEqualTo(400);
        assertThat(upload(grant, "application/pdf", content, "path", "after.pdf", "hmac",
                hmac(rotated, content)).statusCode()).isEqualTo(200);
    }

    @Test
    void aNameInUtf8AndDigiLockersTypeAliasesAreTaken() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        uploads.createFolder(resident.id(), "प्रमाणपत्र");
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.upload");
        byte[] content = pdf();

        HttpResponse<String> answer = upload(grant, "image/pdf", content, "path",
                "/" + encoded("प्रमाणपत्र") + "/" + encoded("अंकपत्र") + ".pdf", "hmac",
                hmac(requester.clientSecret, content));
        Raw unencoded = raw(grant, "application/pdf", content, content.length, "path", "/प्रमाणपत्र/अंकपत्र.pdf",
                "hmac", hmac(requester.clientSecret, content));
        Raw unencodedHmac = raw(grant, "application/pdf", content, content.length, "path", "a.pdf", "hmac",
                "अंकपत्र");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSONObjectUtils.parse(answer.body())).containsEntry("Path", "/प्रमाणपत्र/अंकपत्र.pdf");
        assertThat(unencoded.status()).as(unencoded.body()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(unencoded.body())).containsEntry("error", "invalid_filename");
        assertThat(unencodedHmac.status()).as(unencodedHmac.body()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(unencodedHmac.body())).containsEntry("error", "hmac_mismatch");
        assertThat(uploads.list(resident.id(), null)).filteredOn(document -> document.folder() != null)
                .singleElement().satisfies(document -> {
                    assertThat(document.name()).isEqualTo("अंकपत्र.pdf");
                    assertThat(document.folder().name()).isEqualTo("प्रमाणपत्र");
                });
        HttpResponse<String> octets = upload(grant, "application/octet-stream", content, "path", "100%.pdf", "hmac",
                hmac(requester.clientSecret, content));
        assertThat(octets.statusCode()).as(octets.body()).isEqualTo(200);
        assertThat(JSONObjectUtils.parse(octets.body())).containsEntry("Path", "/100%.pdf");
    }

    @Test
    void everyRefusalHasDigiLockersCodeAndLeavesNothingBehind() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        uploads.createFolder(resident.id(), "Bank papers");
        TestRequester requester = lockers.requester();
        TestRequester another = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.upload");
        byte[] content = pdf();
        byte[] image = png();
        byte[] text = "just some words, not a document".getBytes(StandardCharsets.UTF_8);
        String good = hmac(requester.clientSecret, content);
        List<Refusal> refusals = List.of(
                new Refusal("path_missing", "application/pdf", content, "hmac", good),
                new Refusal("path_missing", "application/pdf", content, "path", " ", "hmac", good),
                new Refusal("filename_missing", "application/pdf", content, "path", "/Bank papers/", "hmac", good),
                new Refusal("filename_missing", "application/pdf", content, "path", "/", "hmac", good),
                new Refusal("invalid_filename", "application/pdf", content, "path", "/Bank papers/a:b.pdf", "hmac",
                        good),
                new Refusal("invalid_filename", "application/pdf", content, "path", "what?.pdf", "hmac", good),
                new Refusal("invalid_filename", "application/pdf", content, "path", "a<script>.pdf", "hmac", good),
                new Refusal("invalid_filename", "application/pdf", content, "path", ".hidden.pdf", "hmac", good),
                new Refusal("invalid_filename", "application/pdf", content, "path", "/Bank papers/ a.pdf", "hmac",
                        good),
                new Refusal("invalid_filename", "application/pdf", content, "path", "x".repeat(201) + ".pdf",
                        "hmac", good),
                new Refusal("invalid_path", "application/pdf", content, "path", "/No such folder/a.pdf", "hmac",
                        good),
                new Refusal("invalid_path", "application/pdf", content, "path", "/Bank papers/deeper/a.pdf",
                        "hmac", good),
                new Refusal("invalid_path", "application/pdf", content, "path", "//a.pdf", "hmac", good),
                new Refusal("invalid_path", "application/pdf", content, "path", "/bank papers/a.pdf", "hmac", good),
                new Refusal("hmac_missing", "application/pdf", content, "path", "a.pdf"),
                new Refusal("contenttype_missing", null, content, "path", "a.pdf", "hmac", good),
                new Refusal("invalid_filetype", "text/plain", text, "path", "a.pdf", "hmac",
                        hmac(requester.clientSecret, text)),
                new Refusal("invalid_filetype", "application/octet-stream", text, "path", "a.pdf", "hmac",
                        hmac(requester.clientSecret, text)),
                new Refusal("invalid_filetype", "application/pdf", text, "path", "a.pdf", "hmac",
                        hmac(requester.clientSecret, text)),
                new Refusal("mimetype_mismatch", "image/png", content, "path", "a.pdf", "hmac", good),
                new Refusal("mimetype_mismatch", "image/jpeg", image, "path", "a.jpg", "hmac",
                        hmac(requester.clientSecret, image)),
                new Refusal("hmac_mismatch", "application/pdf", content, "path", "a.pdf", "hmac",
                        hmac(requester.clientSecret, image)),
                new Refusal("hmac_mismatch", "application/pdf", content, "path", "a.pdf", "hmac",
                        hmac(another.clientSecret, content)),
                new Refusal("hmac_mismatch", "application/pdf", content, "path", "a.pdf", "hmac", "not base64!"),
                new Refusal("file_data_missing", "application/pdf", new byte[0], "path", "a.pdf", "hmac",
                        hmac(requester.clientSecret, new byte[0])));

        for (Refusal refusal : refusals) {
            Traces before = traces(resident);
            HttpResponse<String> answer = upload(grant, refusal.contentType(), refusal.body(), refusal.headers());

            assertThat(answer.statusCode()).as(refusal + ": " + answer.body()).isEqualTo(400);
            Map<String, Object> error = JSONObjectUtils.parse(answer.body());
            assertThat(error).as(refusal.toString()).containsOnlyKeys("error", "error_description")
                    .containsEntry("error", refusal.error());
            assertThat(traces(resident)).as(refusal.toString()).isEqualTo(before);
            assertThat(uploads.list(resident.id(), null)).as(refusal.toString()).isEmpty();
        }
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aLengthAboveTheLargestUploadIsRefusedUnreadAndOneNotDeclaredIsRequired() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.upload");
        byte[] content = pdf();
        Traces before = traces(resident);

        Raw tooLarge = raw(grant, "application/pdf", new byte[0], uploads.maxUploadBytes() + 1, "path", "a.pdf",
                "hmac", hmac(requester.clientSecret, content));
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + UPLOAD))
                .header("Authorization", "Bearer " + grant.token()).header("Content-Type", "application/pdf")
                .header("path", "a.pdf").header("hmac", hmac(requester.clientSecret, content))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(tooLarge.body())).containsEntry("error", "invalid_filesize");
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(411);
        assertThat(JSONObjectUtils.parse(chunked.body())).containsKeys("error", "error_description");
        assertThat(traces(resident)).isEqualTo(before);
        assertThat(uploads.list(resident.id(), null)).isEmpty();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void onlyTheDeclaredBytesAreTakenSoABodyLongerThanDeclaredFailsItsHmacAndAShorterOneIsMissingData()
            throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.upload");
        byte[] content = pdf();
        byte[] longer = Arrays.copyOf(content, content.length + 4096);
        Traces before = traces(resident);

        Raw longerThanDeclared = raw(grant, "application/pdf", longer, content.length, "path", "a.pdf", "hmac",
                hmac(requester.clientSecret, longer));
        assertThat(longerThanDeclared.status()).as(longerThanDeclared.body()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(longerThanDeclared.body())).containsEntry("error", "hmac_mismatch");

        // The sender stops half-way and says it is done sending: whatever the answer, nothing is kept.
        rawBrokenOff(grant, content, content.length / 2, "path", "a.pdf", "hmac",
                hmac(requester.clientSecret, content));
        await().untilAsserted(() -> assertThat(temporaryFiles()).isEmpty());
        assertThat(traces(resident)).isEqualTo(before);
        assertThat(uploads.list(resident.id(), null)).isEmpty();
    }

    @Test
    void aBodyThatEndsBeforeItsDeclaredLengthIsMissingDataAndStoresNothing() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.upload");
        byte[] content = pdf();
        byte[] half = Arrays.copyOf(content, content.length / 2);
        var access = new PartnerAccess(resident.id(), resident.lockerId(), new RequesterId(grant.requester().id()),
                grant.requester().clientId(), new ConsentId(grant.consent()), Set.of(PartnerScope.UPLOAD), true,
                Set.of(), Instant.now().plusSeconds(600));
        Traces before = traces(resident);

        // A servlet container ends such a body with an error; a stream may also just end early.
        assertThatThrownBy(() -> partnerUploads.upload(access, new PartnerUploads.Request("a.pdf", false,
                hmac(requester.clientSecret, half), false, "application/pdf", content.length),
                new ByteArrayInputStream(half)))
                .isInstanceOfSatisfying(GatewayProblemException.class,
                        problem -> assertThat(problem.error()).isEqualTo("file_data_missing"));

        // Nor is more read than an upload may be, whoever calls.
        long tooMany = uploads.maxUploadBytes() + 1;
        assertThatThrownBy(() -> partnerUploads.upload(access, new PartnerUploads.Request("a.pdf", false,
                hmac(requester.clientSecret, half), false, "application/pdf", tooMany),
                new ByteArrayInputStream(half)))
                .isInstanceOfSatisfying(GatewayProblemException.class,
                        problem -> assertThat(problem.error()).isEqualTo("invalid_filesize"));
        assertThat(traces(resident)).isEqualTo(before);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aFileThatDoesNotFitInTheResidentsQuotaIsRefusedAndNotStored() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.upload");
        byte[] content = pdf();
        long quota = uploads.usage(resident.id()).quotaBytes();
        // As though the resident had uploaded all but a few bytes of the quota.
        jdbc.sql("""
                insert into locker_usage (account_id, used_bytes) values (?, ?)
                on conflict (account_id) do update set used_bytes = excluded.used_bytes""")
                .params(resident.id().value(), quota - content.length + 1).update();
        Traces before = traces(resident);

        HttpResponse<String> answer = upload(grant, "application/pdf", content, "path", "a.pdf", "hmac",
                hmac(requester.clientSecret, content));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(answer.body())).containsEntry("error", "invalid_filesize");
        assertThat(traces(resident)).isEqualTo(before);
        assertThat(uploads.usage(resident.id()).usedBytes()).isEqualTo(quota - content.length + 1);
        assertThat(temporaryFiles()).isEmpty();

        jdbc.sql("update locker_usage set used_bytes = ? where account_id = ?")
                .params(quota - content.length, resident.id().value()).update();
        HttpResponse<String> fits = upload(grant, "application/pdf", content, "path", "a.pdf", "hmac",
                hmac(requester.clientSecret, content));
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
        assertThat(uploads.usage(resident.id()).usedBytes()).isEqualTo(quota);
    }

    @Test
    void aTokenWithoutTheUploadScopeOrWithoutAValidTokenUploadsNothing() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        TestRequester requester = lockers.requester();
        StoredTokens.Grant reader = lockers.grant(requester, resident, "userdetails", "files.uploadeddocs");
        StoredTokens.Grant ended = lockers.grant(requester, resident, "files.upload");
        lockers.tokens().endConsent(ended);
        byte[] content = pdf();
        Traces before = traces(resident);

        HttpResponse<String> noScope = upload(reader, "application/pdf", content, "path", "a.pdf", "hmac",
                hmac(requester.clientSecret, content));
        HttpResponse<String> endedConsent = upload(ended, "application/pdf", content, "path", "a.pdf", "hmac",
                hmac(requester.clientSecret, content));

        assertThat(noScope.statusCode()).as(noScope.body()).isEqualTo(403);
        assertThat(JSONObjectUtils.parse(noScope.body())).containsEntry("error", "insufficient_scope");
        assertThat(endedConsent.statusCode()).as(endedConsent.body()).isEqualTo(401);
        assertThat(JSONObjectUtils.parse(endedConsent.body())).containsEntry("error", "invalid_token");
        assertThat(traces(resident)).isEqualTo(before);
        assertThat(uploads.list(resident.id(), null)).isEmpty();
    }

    @Test
    void aTokenReachesOnlyItsOwnResidentsLocker() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        ResidentAccount other = lockers.resident();
        Folder othersFolder = uploads.createFolder(other.id(), "Other's papers");
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.upload");
        byte[] content = pdf();
        long othersUsage = uploads.usage(other.id()).usedBytes();

        HttpResponse<String> intoOthersFolder = upload(grant, "application/pdf", content, "path",
                "/Other's papers/a.pdf", "hmac", hmac(requester.clientSecret, content));
        HttpResponse<String> topLevel = upload(grant, "application/pdf", content, "path", "/a.pdf", "hmac",
                hmac(requester.clientSecret, content));

        assertThat(intoOthersFolder.statusCode()).as(intoOthersFolder.body()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(intoOthersFolder.body())).containsEntry("error", "invalid_path");
        assertThat(topLevel.statusCode()).as(topLevel.body()).isEqualTo(200);
        assertThat(uploads.list(resident.id(), null)).singleElement()
                .satisfies(document -> assertThat(document.folder()).isNull());
        assertThat(uploads.list(other.id(), null)).isEmpty();
        assertThat(uploads.list(other.id(), othersFolder.id())).isEmpty();
        assertThat(uploads.usage(other.id()).usedBytes()).isEqualTo(othersUsage);
        assertThat(jdbc.sql("select count(*) from locker_upload where account_id = ?").param(other.id().value())
                .query(Long.class).single()).isZero();
    }

    private static String encoded(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> upload(StoredTokens.Grant grant, String contentType, byte[] body,
            String... headers) throws Exception {
        String[] all = Stream.concat(Stream.of(grant.bearer()), Stream.of(headers)).toArray(String[]::new);
        return http().post(UPLOAD, contentType, body, all);
    }

    /** Sends an upload over a plain socket, declaring {@code declared} bytes whatever {@code body} holds. */
    private Raw raw(StoredTokens.Grant grant, String contentType, byte[] body, long declared, String... headers)
            throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(grant, contentType, declared, headers));
            out.write(body);
            out.flush();
            return Raw.of(socket.getInputStream().readAllBytes());
        }
    }

    /** Declares the whole body, sends {@code sent} bytes of it and ends its side of the connection. */
    private void rawBrokenOff(StoredTokens.Grant grant, byte[] body, int sent, String... headers) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(grant, "application/pdf", body.length, headers));
            out.write(body, 0, sent);
            out.flush();
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        }
    }

    private static byte[] head(StoredTokens.Grant grant, String contentType, long declared, String... headers) {
        var head = new StringBuilder("POST " + UPLOAD + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
                .append("Authorization: Bearer ").append(grant.token()).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(declared).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What a refusal must not leave: the locker's rows and usage, the vault's rows and files. */
    private Traces traces(ResidentAccount resident) throws IOException {
        long rows = jdbc.sql("select count(*) from locker_upload where account_id = ?").param(resident.id().value())
                .query(Long.class).single();
        Long used = jdbc.sql("select used_bytes from locker_usage where account_id = ?")
                .param(resident.id().value()).query(Long.class).optional().orElse(0L);
        long blobs = jdbc.sql("select count(*) from storage_blob").query(Long.class).single();
        long intents = jdbc.sql("select count(*) from storage_blob_intent").query(Long.class).single();
        long files;
        try (Stream<Path> walk = Files.walk(tijori.dataDir().resolve("blobs"))) {
            files = walk.filter(Files::isRegularFile).count();
        }
        return new Traces(rows, used, blobs, intents, files);
    }

    private List<Path> temporaryFiles() throws IOException {
        Path temporary = tijori.dataDir().resolve("tmp");
        if (!Files.isDirectory(temporary)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(temporary)) {
            return files.filter(file -> file.getFileName().toString().startsWith(PartnerUploads.TEMPORARY_PREFIX))
                    .toList();
        }
    }

    private record Traces(long uploads, long usedBytes, long blobs, long blobIntents, long blobFiles) {
    }

    private record Refusal(String error, String contentType, byte[] body, String... headers) {

        @Override
        public String toString() {
            Map<String, String> named = new LinkedHashMap<>();
            for (int i = 0; i < headers.length; i += 2) {
                named.put(headers[i], headers[i + 1].length() > 40 ? headers[i + 1].substring(0, 40) + "…"
                        : headers[i + 1]);
            }
            return error + " (" + contentType + ", " + body.length + " bytes, " + named + ")";
        }
    }

    private record Raw(int status, String body) {

        static Raw of(byte[] response) throws IOException {
            String text = new String(response, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = text.substring(0, end);
            String body = text.substring(end + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Raw(Integer.parseInt(head.substring(9, 12)), body);
        }

        private static String dechunk(String chunked) throws IOException {
            InputStream in = new ByteArrayInputStream(chunked.getBytes(StandardCharsets.UTF_8));
            var out = new ByteArrayOutputStream();
            while (true) {
                var line = new StringBuilder();
                int c;
                while ((c = in.read()) != '\n' && c != -1) {
                    if (c != '\r') {
                        line.append((char) c);
                    }
                }
                int size = line.isEmpty() ? 0 : Integer.parseInt(line.toString().trim(), 16);
                if (size == 0) {
                    break;
                }
                out.write(in.readNBytes(size));
                in.skip(2);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
