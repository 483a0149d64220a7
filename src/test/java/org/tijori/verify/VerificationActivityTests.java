package org.tijori.verify;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import org.tijori.verify.activity.VerificationActivity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Your document was verified" (ADR 22, "Activity"): genuine verifications reach the holder's activity, gathered
 * by verifier and window, and neither the entry nor its row keeps the verifier's address; refused links tell
 * nobody anything.
 */
@VerifyTestContext
class VerificationActivityTests {

    static final JsonMapper json = JsonMapper.builder().build();

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
    VerificationActivity activity;

    @Autowired
    JdbcClient jdbc;

    @Test
    void scansReachTheHoldersActivityCountedAndWithoutTheVerifiersAddress() throws Exception {
        PublishedDocuments published = new PublishedDocuments(port, accounts, documents);
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "ACT/1", "Meera Iyer");
        String link = link(resident, uri);
        WebClient verifier = new WebClient(port);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> scan = verifier.get("/api/v1" + link, "X-Forwarded-For", "203.0.113.77");
            assertThat(scan.statusCode()).as(scan.body()).isEqualTo(200);
        }
        assertThat(verifier.get(link).statusCode()).as("the page counts as online too").isEqualTo(200);
        String forged = link.substring(0, link.length() - 2) + (link.endsWith("AA") ? "BB" : "AA");
        assertThat(verifier.get("/api/v1" + forged).statusCode()).isEqualTo(404);
        activity.flush();

        WebClient web = new WebClient(port);
        assertThat(web.signIn(resident.username(), PASSWORD).statusCode()).isEqualTo(302);
        List<JsonNode> verified = verifications(web);
        assertThat(verified).as("one entry for one verifier's four scans in one window").hasSize(1);
        JsonNode entry = verified.get(0);
        assertThat(entry.path("label").asString()).isEqualTo("Your document was verified by its QR code or link");
        assertThat(entry.path("details").path("uri").asString()).isEqualTo(uri);
        assertThat(entry.path("details").path("how").asString()).isEqualTo("online");
        assertThat(entry.path("details").path("times").asString()).isEqualTo("4");
        assertThat(entry.path("details").path("verifier").asString()).matches("[0-9a-f]{12}");
        assertThat(entry.path("by").asString()).startsWith("A verifier");
        assertThat(entry.path("ip").isNull() || entry.path("ip").isMissingNode()).as(entry.toString()).isTrue();

        List<Map<String, Object>> rows = jdbc.sql("""
                select ip, user_agent, details::text as details from audit_inbox
                 where action = 'verify.DocumentVerified' and subject = ?
                union all
                select ip, user_agent, details::text from audit_entry
                 where action = 'verify.DocumentVerified' and subject = ?""")
                .params(resident.id().toString(), resident.id().toString()).query().listOfRows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("ip")).isNull();
        assertThat(rows.get(0).get("user_agent")).isNull();
        assertThat(rows.get(0).get("details").toString()).doesNotContain("127.0.0.1", "203.0.113.77");

        HttpResponse<String> page = web.get("/activity?lang=hi");
        assertThat(page.body()).contains("आपके दस्तावेज़ का सत्यापन उसके QR कोड या लिंक से हुआ", "4 बार");
    }

    @Test
    void eachVerifierAndEachWindowIsItsOwnEntry() throws Exception {
        PublishedDocuments published = new PublishedDocuments(port, accounts, documents);
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "ACT/2", "Kabir Das");
        DocumentUri documentUri = DocumentUri.parse(uri);

        activity.verified(resident.id(), documentUri.toString(), 1, VerificationActivity.How.ONLINE, "198.51.100.1");
        activity.verified(resident.id(), documentUri.toString(), 1, VerificationActivity.How.ONLINE, "198.51.100.2");
        activity.verified(resident.id(), documentUri.toString(), 1, VerificationActivity.How.FILE, "198.51.100.2");
        activity.flush();
        activity.verified(resident.id(), documentUri.toString(), 1, VerificationActivity.How.ONLINE, "198.51.100.1");
        activity.flush();
        activity.flush();

        WebClient web = new WebClient(port);
        assertThat(web.signIn(resident.username(), PASSWORD).statusCode()).isEqualTo(302);
        List<JsonNode> verified = verifications(web);
        assertThat(verified).hasSize(4);
        assertThat(verified).extracting(entry -> entry.path("details").path("how").asString())
                .containsExactlyInAnyOrder("online", "online", "file", "online");
        List<String> verifiers = verified.stream().map(entry -> entry.path("details").path("verifier").asString())
                .distinct().toList();
        assertThat(verifiers).as("two addresses, two verifiers, the same fingerprint each time").hasSize(2);
        assertThat(verified).anySatisfy(entry -> assertThat(entry.path("label").asString())
                .isEqualTo("Your document was verified from its file"));
    }

    String link(ResidentAccount resident, String uri) throws Exception {
        String link = documents.verificationLink(resident.id(), DocumentUri.parse(uri)).orElseThrow();
        return link.substring(tijori.baseUrl().toString().replaceAll("/$", "").length());
    }

    static List<JsonNode> verifications(WebClient web) throws Exception {
        HttpResponse<String> answer = web.get("/api/v1/locker/activity?kind=issued&size=200");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = json.readTree(answer.body());
        JsonNode items = body.path("entries");
        assertThat(items.isArray()).as(answer.body()).isTrue();
        return java.util.stream.StreamSupport.stream(items.spliterator(), false).filter(item -> "verify.DocumentVerified".equals(item.path("action").asString()))
                .toList();
    }
}
