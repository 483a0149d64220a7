package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditEntry;
import org.tijori.audit.AuditTrail;
import org.tijori.gateway.partner.AccessLog;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.locker.Folder;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tijori.locker.TestDocuments.pdf;

/**
 * DigiLocker's File and Account Detail APIs over HTTP with real residents and documents (ADR 23, operations 6 to 9,
 * 16 to 18): uploaded documents and folders, {@code invalid_id}, a file by its {@code self-UPLD} URI or its issued
 * URI with a correct {@code hmac} header, issued lists in both versions, the Certificate XML, user details, and the
 * accesses they leave for the resident and the requester.
 */
@RequesterTestContext
class PartnerFilesTests {

    static final List<String> UPLOADED_FIELDS = List.of("id", "name", "type", "size", "date", "parent", "mime", "uri",
            "description", "issuer");

    static final List<String> ISSUED_FIELDS = List.of("name", "type", "size", "date", "parent", "mime", "uri",
            "doctype", "description", "issuer", "issuerid");

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    UploadedDocuments uploads;

    @Autowired
    IssuedDocuments issued;

    @Autowired
    NationalIdLinks nationalIds;

    @Autowired
    AccessLog accessLog;

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    ResidentLockers lockers() {
        return new ResidentLockers(port, accounts, uploads, jdbc);
    }

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void theTopLevelListsFoldersThenTopLevelUploadsWithDigiLockersFields() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        Folder bank = uploads.createFolder(resident.id(), "Bank papers");
        UploadedDocument inFolder = lockers.upload(resident, "statement.pdf", pdf(), bank);
        byte[] image = png();
        UploadedDocument topLevel = lockers.upload(resident, "photo.png", image, null);
        StoredTokens.Grant grant = lockers.grant(lockers.requester(), resident, "userdetails", "files.uploadeddocs");

        HttpResponse<String> answer = http().get("/public/oauth2/1/files/", grant.bearer());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Object> root = JSONObjectUtils.parse(answer.body());
        assertThat(root.keySet()).containsExactlyInAnyOrder("directory", "items");
        assertThat(root.get("directory")).isEqualTo("/");
        List<Map<String, Object>> items = items(root);
        assertThat(items).hasSize(2).allSatisfy(item -> assertThat(item.keySet())
                .containsExactlyInAnyOrderElementsOf(UPLOADED_FIELDS));
        assertThat(items.get(0)).containsEntry("id", bank.id().toString()).containsEntry("name", "Bank papers")
                .containsEntry("type", "dir").containsEntry("parent", "root").containsEntry("mime", "")
                .containsEntry("uri", "").containsEntry("issuer", "")
                .containsEntry("size", Long.toString(inFolder.size()));
        assertThat(items.get(1)).containsEntry("id", topLevel.id().toString()).containsEntry("name", "photo.png")
                .containsEntry("type", "file").containsEntry("parent", "root").containsEntry("mime", "image/png")
                .containsEntry("uri", "self-UPLD-" + topLevel.id().toString().replace("-", ""))
                .containsEntry("size", Integer.toString(image.length)).containsEntry("issuer", "");
        assertThat((String) items.get(1).get("date")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        HttpResponse<String> rootById = http().get("/public/oauth2/1/files/root", grant.bearer());
        assertThat(rootById.statusCode()).isEqualTo(200);
        assertThat(items(JSONObjectUtils.parse(rootById.body()))).isEqualTo(items);
    }

    @Test
    void aFolderListsItsDocumentsAndAFolderThatIsNotTheResidentsIsInvalidId() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        ResidentAccount other = lockers.resident();
        Folder bank = uploads.createFolder(resident.id(), "Bank papers");
        Folder othersFolder = uploads.createFolder(other.id(), "Not yours");
        UploadedDocument statement = lockers.upload(resident, "statement.pdf", pdf(), bank);
        lockers.upload(resident, "elsewhere.pdf", pdf(), null);
        StoredTokens.Grant grant = lockers.grant(lockers.requester(), resident, "files.uploadeddocs");

        HttpResponse<String> answer = http().get("/public/oauth2/1/files/" + bank.id(), grant.bearer());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Object> folder = JSONObjectUtils.parse(answer.body());
        assertThat(folder.get("directory")).isEqualTo("Bank papers");
        assertThat(items(folder)).singleElement().satisfies(item -> assertThat(item)
                .containsEntry("id", statement.id().toString()).containsEntry("type", "file")
                .containsEntry("parent", bank.id().toString()).containsEntry("mime", "application/pdf"));
        for (String unknown : List.of(othersFolder.id().toString(), UUID.randomUUID().toString(), "not-a-folder")) {
            HttpResponse<String> refused = http().get("/public/oauth2/1/files/" + unknown, grant.bearer());
            assertThat(refused.statusCode()).as(unknown).isEqualTo(404);
            assertThat(JSONObjectUtils.parse(refused.body())).containsEntry("error", "invalid_id")
                    .containsKey("error_description");
        }
    }

    @Test
    void anUploadedFileComesByItsSelfUploadUriWithTheHmacOfItsBytes() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        ResidentAccount other = lockers.resident();
        byte[] content = pdf();
        UploadedDocument upload = lockers.upload(resident, "statement.pdf", content, null);
        UploadedDocument binned = lockers.upload(resident, "old.pdf", pdf(), null);
        uploads.delete(resident.id(), binned.id());
        UploadedDocument othersUpload = lockers.upload(other, "theirs.pdf", pdf(), null);
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.uploadeddocs");
        String uri = "self-UPLD-" + upload.id().toString().replace("-", "");

        HttpResponse<byte[]> answer = http().getBytes("/public/oauth2/1/file/" + uri, grant.bearer());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(content);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/pdf"));
        assertThat(answer.headers().firstValue("hmac")).hasValue(hmac(requester.clientSecret, content));
        for (UploadedDocument unreachable : List.of(binned, othersUpload)) {
            HttpResponse<String> refused = http().get("/public/oauth2/1/file/self-UPLD-"
                    + unreachable.id().toString().replace("-", ""), grant.bearer());
            assertThat(refused.statusCode()).as(unreachable.name()).isEqualTo(404);
            assertThat(JSONObjectUtils.parse(refused.body())).containsEntry("error", "invalid_uri");
        }
        HttpResponse<String> noXml = http().get("/public/oauth2/1/xml/" + uri, lockers.grant(requester, resident,
                "files.issueddocs", "files.uploadeddocs").bearer());
        assertThat(noXml.statusCode()).isEqualTo(404);
        assertThat(JSONObjectUtils.parse(noXml.body())).containsEntry("error", "invalid_uri");
        // The requester's read is the requester's, not a download by the resident.
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 50))
                .extracting(AuditEntry::action).contains("gateway.PartnerAccessed")
                .doesNotContain("locker.DocumentDownloaded"));
        assertThat(trail.about(resident.id().toString(), 50))
                .filteredOn(entry -> entry.action().equals("gateway.PartnerAccessed")).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.actor().type()).isEqualTo("CLIENT");
                    assertThat(entry.actor().id()).isEqualTo(requester.clientId);
                    assertThat(entry.fields()).containsEntry("operation", "file").containsEntry("document", uri)
                            .containsEntry("times", "1");
                });
        assertThat(jdbc.sql("select operation, document, times from gateway_access where consent_id = ?")
                .param(grant.consent()).query().listOfRows())
                .containsExactly(Map.of("operation", "file", "document", uri, "times", 1));
    }

    @Test
    void issuedDocumentsListInBothVersionsAndComeAsPdfWithHmacAndAsXml() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        String uri = lockers.deliver(resident, "PF" + System.nanoTime());
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.issueddocs");

        Map<String, Object> v1 = JSONObjectUtils.parse(http().get("/public/oauth2/1/files/issued", grant.bearer())
                .body());
        Map<String, Object> v2 = JSONObjectUtils.parse(http().get("/public/oauth2/2/files/issued", grant.bearer())
                .body());

        for (Map<String, Object> list : List.of(v1, v2)) {
            assertThat(list).containsEntry("resource", "issued");
            assertThat(items(list)).singleElement().satisfies(item -> {
                assertThat(item.keySet()).containsExactlyInAnyOrderElementsOf(ISSUED_FIELDS);
                assertThat(item).containsEntry("uri", uri).containsEntry("type", "file").containsEntry("size", " ")
                        .containsEntry("parent", " ").containsEntry("doctype", "HSCER")
                        .containsEntry("description", "Class XII Marksheet")
                        .containsEntry("issuerid", lockers.issuer().issuerId)
                        .containsEntry("issuer", "Board of " + lockers.issuer().issuerId);
            });
        }
        assertThat(items(v1).get(0).get("mime")).isEqualTo("application/pdf");
        assertThat(items(v2).get(0).get("mime")).isEqualTo(List.of("application/pdf", "application/xml"));

        HttpResponse<byte[]> file = http().getBytes("/public/oauth2/1/file/" + uri, grant.bearer());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(file.headers().firstValue("hmac")).hasValue(hmac(requester.clientSecret, file.body()));

        HttpResponse<byte[]> xml = http().getBytes("/public/oauth2/1/xml/" + uri, grant.bearer());
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/xml"));
        try (var stored = issued.openXml(resident.id(), DocumentUri.parse(uri)).orElseThrow()) {
            assertThat(xml.body()).isEqualTo(stored.readAllBytes());
        }
    }

    @Test
    void aFileLargerThanWhatIsKeptInMemoryComesWholeWithTheHmacOfAllItsBytes() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        byte[] start = pdf();
        byte[] content = new byte[start.length + 1536 * 1024];
        new java.util.Random(7).nextBytes(content);
        System.arraycopy(start, 0, content, 0, start.length);
        UploadedDocument upload = lockers.upload(resident, "scan.pdf", content, null);
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.uploadeddocs");

        HttpResponse<byte[]> answer = http().getBytes("/public/oauth2/1/file/self-UPLD-"
                + upload.id().toString().replace("-", ""), grant.bearer());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(content);
        assertThat(answer.headers().firstValue("Content-Length")).hasValue(Integer.toString(content.length));
        assertThat(answer.headers().firstValue("hmac")).hasValue(hmac(requester.clientSecret, content));
    }

    @Test
    void aUriPushedWithoutItsContentIsListedWithoutMimeAndHasNoFileOrXml() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        String docId = "NC" + System.nanoTime();
        String uri = lockers.issuer().issuerId + "-HSCER-" + docId;
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("digilockerid",
                resident.lockerId().toString(), "uri", uri, "doctype", "HSCER", "description", "Marksheet",
                "docid", docId, "issuedate", "01022020", "validfrom", "01022020", "action", "A"));
        HttpResponse<String> pushed = http().postForm("/public/account/1/pushuri", lockers.issuer().form(fields));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        StoredTokens.Grant grant = lockers.grant(lockers.requester(), resident, "files.issueddocs");

        assertThat(items(JSONObjectUtils.parse(http().get("/public/oauth2/1/files/issued", grant.bearer()).body())))
                .singleElement().satisfies(item -> assertThat(item).containsEntry("uri", uri)
                        .containsEntry("mime", ""));
        assertThat(items(JSONObjectUtils.parse(http().get("/public/oauth2/2/files/issued", grant.bearer()).body())))
                .singleElement().satisfies(item -> assertThat(item).containsEntry("mime", List.of()));
        for (String path : List.of("/public/oauth2/1/file/" + uri, "/public/oauth2/1/xml/" + uri)) {
            HttpResponse<String> refused = http().get(path, grant.bearer());
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
            assertThat(JSONObjectUtils.parse(refused.body())).containsEntry("error", "invalid_uri");
        }
    }

    @Test
    void userDetailsNameTheResidentInBothSpellingsWithAReferenceKeyPerRequester() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount linked = lockers.resident();
        ResidentAccount unlinked = lockers.resident();
        // Priya Nair of the demo registry; this application's database is its own, so no one else linked her.
        NationalIdLinks.LinkRequest request = nationalIds.requestLink(linked.id(), new NationalId("999952601814"));
        nationalIds.link(linked.id(), request.token());
        TestRequester requester = lockers.requester();
        TestRequester another = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, linked, "userdetails");

        await().untilAsserted(() -> assertThat(JSONObjectUtils.parse(http().get("/public/oauth2/1/user",
                grant.bearer()).body())).containsEntry("eaadhaar", "Y"));
        HttpResponse<String> answer = http().get("/public/oauth2/2/user", grant.bearer());

        assertThat(answer.statusCode()).isEqualTo(200);
        Map<String, Object> user = JSONObjectUtils.parse(answer.body());
        assertThat(user.keySet()).containsExactly("digilockerid", "digilocker_id", "name", "dob", "gender",
                "eaadhaar", "eaadhar", "reference_key");
        assertThat(user).containsEntry("digilockerid", linked.lockerId().toString())
                .containsEntry("digilocker_id", linked.lockerId().toString()).containsEntry("name", "Priya Nair")
                .containsEntry("dob", "02111992").containsEntry("gender", "F").containsEntry("eaadhaar", "Y")
                .containsEntry("eaadhar", "Y");
        String key = (String) user.get("reference_key");
        assertThat(key).matches("[0-9a-f]{32}");
        assertThat(JSONObjectUtils.parse(http().get("/public/oauth2/1/user", lockers.grant(requester, linked,
                "userdetails").bearer()).body())).containsEntry("reference_key", key);
        assertThat(JSONObjectUtils.parse(http().get("/public/oauth2/1/user", lockers.grant(another, linked,
                "userdetails").bearer()).body()).get("reference_key")).isNotEqualTo(key);

        Map<String, Object> plain = JSONObjectUtils.parse(http().get("/public/oauth2/1/user",
                lockers.grant(requester, unlinked, "userdetails").bearer()).body());
        assertThat(plain).containsEntry("name", unlinked.username()).containsEntry("dob", "")
                .containsEntry("gender", "").containsEntry("eaadhaar", "N").containsEntry("eaadhar", "N");
    }

    @Test
    void listsAreCountedPerConsentAndOperationAndWrittenOncePerWindow() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "userdetails", "files.issueddocs",
                "files.uploadeddocs");
        accessLog.flush();
        long callsBefore = calls(grant);

        for (int i = 0; i < 3; i++) {
            assertThat(http().get("/public/oauth2/2/files/issued", grant.bearer()).statusCode()).isEqualTo(200);
        }
        assertThat(http().get("/public/oauth2/1/user", grant.bearer()).statusCode()).isEqualTo(200);
        assertThat(http().get("/public/oauth2/1/files/" + UUID.randomUUID(), grant.bearer()).statusCode())
                .isEqualTo(404);
        assertThat(accesses(grant)).as("nothing written before the window ends").isEmpty();
        accessLog.flush();

        assertThat(accesses(grant)).containsExactlyInAnyOrder(Map.of("operation", "issued", "times", 3),
                Map.of("operation", "user", "times", 1));
        assertThat(calls(grant) - callsBefore).isEqualTo(5);
        assertThat(jdbc.sql("select errors from gateway_call_day where requester_id = ?")
                .param(UUID.fromString(requester.id)).query(Long.class).list()).containsExactly(1L);
        assertThat(jdbc.sql("select operation || ' ' || status || ' ' || error from gateway_call_error "
                + "where requester_id = ?").param(UUID.fromString(requester.id)).query(String.class).list())
                .containsExactly("files 404 invalid_id");
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 50))
                .filteredOn(entry -> entry.action().equals("gateway.PartnerAccessed"))
                .extracting(entry -> entry.fields().get("operation") + "×" + entry.fields().get("times"))
                .containsExactlyInAnyOrder("issued×3", "user×1"));
    }

    @Test
    void aRequesterKeepsItsNewestHundredErrors() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "files.uploadeddocs");
        for (int i = 0; i < 103; i++) {
            assertThat(http().get("/public/oauth2/1/files/" + UUID.randomUUID(), grant.bearer()).statusCode())
                    .isEqualTo(404);
        }
        accessLog.flush();

        assertThat(jdbc.sql("select count(*) from gateway_call_error where requester_id = ?")
                .param(UUID.fromString(requester.id)).query(Long.class).single()).isEqualTo(100);
        assertThat(jdbc.sql("select errors from gateway_call_day where requester_id = ?")
                .param(UUID.fromString(requester.id)).query(Long.class).list()).containsExactly(103L);
    }

    @Test
    void aCallRefusedForAScopeNotGrantedCountsAmongTheRequestersErrors() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        TestRequester requester = lockers.requester();
        StoredTokens.Grant grant = lockers.grant(requester, resident, "userdetails");

        assertThat(http().get("/public/oauth2/1/files/", grant.bearer()).statusCode()).isEqualTo(403);
        assertThat(http().get("/public/oauth2/2/files/issued", grant.bearer()).statusCode()).isEqualTo(403);
        accessLog.flush();

        assertThat(jdbc.sql("select operation || ' ' || status || ' ' || error from gateway_call_error "
                + "where requester_id = ?").param(UUID.fromString(requester.id)).query(String.class).list())
                .containsExactlyInAnyOrder("files 403 insufficient_scope", "issued 403 insufficient_scope");
        assertThat(jdbc.sql("select calls || '/' || errors from gateway_call_day where requester_id = ?")
                .param(UUID.fromString(requester.id)).query(String.class).list()).containsExactly("2/2");
    }

    private List<Map<String, Object>> accesses(StoredTokens.Grant grant) {
        return jdbc.sql("select operation, times from gateway_access where consent_id = ?").param(grant.consent())
                .query().listOfRows();
    }

    private long calls(StoredTokens.Grant grant) {
        return jdbc.sql("select coalesce(sum(calls), 0) from gateway_call_day where requester_id = ?")
                .param(grant.requester().id()).query(Long.class).single();
    }

    /** A small real PNG. */
    static byte[] png() throws Exception {
        var image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0x336699);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> list) {
        return new ArrayList<>((List<Map<String, Object>>) list.get("items"));
    }

    /** DigiLocker's {@code hmac}: base64 HMAC-SHA256 of the body keyed by the client secret. */
    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
