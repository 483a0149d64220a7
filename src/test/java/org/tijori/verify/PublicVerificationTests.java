package org.tijori.verify;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live status behind a QR code (ADR 22, "Online status"): every field of the JSON, the page for strangers and
 * residents in both languages without a session, and an issuer's changes showing at the next request.
 */
@VerifyTestContext
class PublicVerificationTests {

    static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    TijoriProperties tijori;

    PublishedDocuments published() {
        return new PublishedDocuments(port, accounts, documents);
    }

    /** The path and query of the document's link, as the locker page gives it. */
    String link(ResidentAccount resident, String uri) throws Exception {
        String link = documents.verificationLink(resident.id(), DocumentUri.parse(uri)).orElseThrow();
        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        assertThat(link).startsWith(base + "/verify/" + uri + "?p=");
        return link.substring(base.length());
    }

    JsonNode status(String link) throws Exception {
        HttpResponse<String> answer = new WebClient(port).get("/api/v1" + link);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    void changeStatus(TestIssuer issuer, String uri, String status) throws Exception {
        HttpResponse<String> changed = new WebClient(port).postForm("/public/issuer/1/status",
                issuer.statusForm(uri, status, null));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    }

    @Test
    void answersEveryFieldOfTheContractLiveAndUncached() throws Exception {
        PublishedDocuments published = published();
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "DL/2014/77", "Aarav Sharma");
        String link = link(resident, uri);

        HttpResponse<String> answer = new WebClient(port).get("/api/v1" + link);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(answer.headers().firstValue("X-Robots-Tag")).hasValue("noindex");
        assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        // In one piece with its length, not chunked: the busiest answer costs one write.
        assertThat(answer.headers().firstValue("Content-Length"))
                .hasValue(String.valueOf(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        JsonNode report = json.readTree(answer.body());
        assertThat(report.get("uri").asString()).isEqualTo(uri);
        assertThat(report.get("issuer").get("id").asString()).isEqualTo(issuer.issuerId);
        assertThat(report.get("issuer").get("name").asString()).isNotBlank();
        assertThat(report.get("docType").get("code").asString()).isEqualTo("HSCER");
        assertThat(report.get("docType").get("name").asString()).isNotBlank();
        assertThat(report.get("holder").asString()).isEqualTo("Aarav Sharma");
        assertThat(report.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(report.get("issuedOn").asString()).isEqualTo("2014-05-15");
        assertThat(report.has("validUntil")).isTrue();
        assertThat(report.get("validUntil").isNull()).isTrue();
        assertThat(report.get("signatureValid").asBoolean()).isTrue();
        assertThat(report.get("proofValid").asBoolean()).isTrue();
        assertThat(java.time.Instant.parse(report.get("checkedAt").asString()))
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(1));
        assertThat(report.get("version").asInt()).isEqualTo(1);
        assertThat(report.has("supersededBy")).isFalse();
    }

    @Test
    void aHindiPageNamesTheIssuerAndDocTypeInHindiAndFallsBackToEnglish() throws Exception {
        PublishedDocuments published = published();
        String boardHi = "माध्यमिक शिक्षा बोर्ड";
        String marksheetHi = "कक्षा बारह अंकपत्र";
        TestIssuer hindi = new TestIssuer("in.gov.verifyhi" + System.nanoTime() % 1_000_000,
                TestIssuerKeys.generate("Board"));
        hindi.registerAndApprove(new WebClient(port), hindi.registrationJson("HSCER")
                .replace("\"category\":\"state\"", "\"category\":\"state\",\"nameHi\":\"" + boardHi + "\"")
                .replace("\"name\":\"Class XII Marksheet\"", "\"name\":\"Class XII Marksheet\",\"nameHi\":\""
                        + marksheetHi + "\""), VerifyTestContext.TOKEN);
        TestIssuer plain = published.issuer();
        ResidentAccount resident = published.resident();
        String fromHindi = link(resident, published.push(hindi, resident, "2014223456", "Aarav Sharma"));
        String fromPlain = link(resident, published.push(plain, resident, "2014323456", "Aarav Sharma"));

        assertThat(new WebClient(port).get(fromHindi + "&lang=hi").body())
                .contains("id=\"issuer\">" + boardHi + "<", "id=\"doc-type\">" + marksheetHi + "<");
        assertThat(new WebClient(port).get(fromHindi + "&lang=en").body())
                .contains("id=\"issuer\">Board of " + hindi.issuerId + "<", "id=\"doc-type\">Class XII Marksheet<")
                .doesNotContain(boardHi, marksheetHi);
        assertThat(new WebClient(port).get(fromPlain + "&lang=hi").body()).as("no Hindi names given: the English ones")
                .contains("id=\"issuer\">Board of " + plain.issuerId + "<", "id=\"doc-type\">Class XII Marksheet<");
        JsonNode report = status(fromHindi);
        assertThat(report.get("issuer").get("name").asString()).isEqualTo("Board of " + hindi.issuerId);
        assertThat(report.get("issuer").get("nameHi").asString()).isEqualTo(boardHi);
        assertThat(status(fromPlain).get("issuer").has("nameHi")).as("left out when there is none").isFalse();
    }

    @Test
    void showsThePageToStrangersAndResidentsInEnglishAndHindiWithoutASession() throws Exception {
        PublishedDocuments published = published();
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "2014123456", "Aarav Sharma");
        String link = link(resident, uri);

        HttpResponse<String> stranger = new WebClient(port).get(link);
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(200);
        assertThat(stranger.body()).contains("role=\"status\"").contains("Valid: the issuer has not withdrawn")
                .contains("Aarav Sharma").contains(uri).doesNotContain("_csrf");
        assertThat(stranger.headers().allValues("Set-Cookie"))
                .noneSatisfy(cookie -> assertThat(cookie).startsWith("SESSION="));
        assertThat(stranger.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(stranger.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(stranger.headers().firstValue("X-Robots-Tag")).hasValue("noindex");

        HttpResponse<String> hindi = new WebClient(port).get(link + "&lang=hi");
        assertThat(hindi.statusCode()).isEqualTo(200);
        assertThat(hindi.body()).contains("lang=\"hi\"").contains("मान्य: जारीकर्ता ने यह दस्तावेज़ वापस नहीं लिया है।")
                .doesNotContain("_csrf");
        assertThat(hindi.headers().allValues("Set-Cookie"))
                .noneSatisfy(cookie -> assertThat(cookie).startsWith("SESSION="));

        WebClient signedIn = new WebClient(port);
        signedIn.signIn(resident.username(), "a long and unusual phrase");
        HttpResponse<String> own = signedIn.get(link);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("Valid: the issuer has not withdrawn").contains("Sign out");
    }

    @Test
    void theLockerPagesOwnLinkOpensTheStatus() throws Exception {
        PublishedDocuments published = published();
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "2014444444", "Nila Rao");
        WebClient signedIn = new WebClient(port);
        signedIn.signIn(resident.username(), "a long and unusual phrase");
        String page = signedIn.get("/locker/issued/" + uri).body();
        java.util.regex.Matcher href = java.util.regex.Pattern.compile("id=\"verify-link\" href=\"([^\"]+)\"")
                .matcher(page);
        assertThat(href.find()).as(page).isTrue();
        String base = tijori.baseUrl().toString().replaceAll("/$", "");
        assertThat(href.group(1)).startsWith(base + "/verify/" + uri + "?p=");

        HttpResponse<String> opened = new WebClient(port).get(href.group(1).substring(base.length()));

        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(opened.body()).contains("Nila Rao").contains("Valid: the issuer has not withdrawn");
    }

    @Test
    void showsRevocationSuspensionAndReinstatementAtTheNextRequest() throws Exception {
        PublishedDocuments published = published();
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "2014555555", "Meera Iyer");
        String link = link(resident, uri);
        assertThat(status(link).get("status").asString()).isEqualTo("ACTIVE");

        changeStatus(issuer, uri, "revoked");
        assertThat(status(link).get("status").asString()).isEqualTo("REVOKED");
        assertThat(new WebClient(port).get(link).body()).contains("Not valid: the issuer revoked this document.");

        changeStatus(issuer, uri, "active");
        assertThat(status(link).get("status").asString()).isEqualTo("ACTIVE");

        changeStatus(issuer, uri, "suspended");
        assertThat(status(link).get("status").asString()).isEqualTo("SUSPENDED");

        changeStatus(issuer, uri, "active");
        assertThat(status(link).get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void anUpdateMakesTheOldProofSuperseded() throws Exception {
        PublishedDocuments published = published();
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "2014666666", "Kabir Das");
        String first = link(resident, uri);

        published.push(issuer, resident, "HSCER", "2014666666", "Kabir Das", "U");

        JsonNode old = status(first);
        assertThat(old.get("status").asString()).isEqualTo("SUPERSEDED");
        assertThat(old.get("version").asInt()).isEqualTo(1);
        assertThat(old.get("supersededBy").get("version").asInt()).isEqualTo(2);
        assertThat(new WebClient(port).get(first).body()).contains("Version 2 replaced it.");
        JsonNode current = status(link(resident, uri));
        assertThat(current.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(current.get("version").asInt()).isEqualTo(2);
    }

    @Test
    void aDocumentValidUntilYesterdayInIndiaIsExpired() throws Exception {
        PublishedDocuments published = published();
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String docId = "EXP" + PublishedDocuments.counter.incrementAndGet();
        String uri = issuer.issuerId + "-HSCER-" + docId;
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Kolkata")).minusDays(1);
        Map<String, String> fields = new LinkedHashMap<>(Map.of("digilockerid", resident.lockerId().toString(),
                "uri", uri, "doctype", "HSCER", "description", "Marksheet", "docid", docId, "issuedate", "15052014",
                "validfrom", "15052014", "validto", yesterday.format(DateTimeFormatter.ofPattern("ddMMyyyy")),
                "action", "A"));
        fields.put("datacontent", Base64.getEncoder().encodeToString(issuer.signedCertificate("HSCER", docId,
                "999941057058", "Sara Khan")));
        HttpResponse<String> pushed = new WebClient(port).postForm("/public/account/1/pushuri", issuer.form(fields));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);

        JsonNode report = status(link(resident, uri));

        assertThat(report.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(report.get("validUntil").asString()).isEqualTo(yesterday.toString());
    }

    @Test
    void aDocIdWithSlashesIsVerifiedThroughTheWholePath() throws Exception {
        PublishedDocuments published = published();
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "DL/2014/" + PublishedDocuments.counter.incrementAndGet(),
                "Asha Verma");

        assertThat(status(link(resident, uri)).get("uri").asString()).isEqualTo(uri);
    }
}
