package org.tijori.issuer;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.signing.TestIssuerKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The directory as DigiLocker's residents know it, over HTTP on a real server and database: issuers by category and
 * by state or union territory, the doc types most residents hold, a search that matches English and Hindi names,
 * Hindi names on Hindi pages (directory, fetch page, issued list, document card) with the English ones where an
 * issuer gave none, the listing set at registration and changed by an administrator, and bad input refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + IssuerDirectoryListingTests.TOKEN,
        "tijori.admin.username=" + IssuerDirectoryListingTests.ADMIN,
        "tijori.admin.password=" + IssuerDirectoryListingTests.PASSWORD,
        "tijori.issuer.registrations-per-address=1000", "tijori.issuer.popular-documents-for=0s" })
class IssuerDirectoryListingTests {

    static final String TOKEN = "issuer-directory-listing-tests-token-0123456789";

    static final String ADMIN = "listing-admin";

    static final String PASSWORD = "a long and unusual phrase";

    static final String BOARD_HI = "महाराष्ट्र माध्यमिक शिक्षा बोर्ड";

    static final String MARKSHEET_HI = "कक्षा बारह अंकपत्र";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    static final Locale HINDI = Locale.forLanguageTag("hi");

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    MessageSource messages;

    @Test
    void narrowsTheDirectoryByCategoryAndStateAndSearchesEitherLanguage() throws Exception {
        TestIssuer board = approved("education", "mh", BOARD_HI, MARKSHEET_HI);
        TestIssuer transport = approved("transport", "dl", null, null);
        WebClient web = resident().web();

        String education = web.get("/issuers?lang=en&category=education").body();
        assertThat(education).contains("id=\"issuer-" + board.issuerId + "\"", "Education", "Maharashtra",
                "<option value=\"education\" selected=\"selected\">Education</option>")
                .doesNotContain("id=\"issuer-" + transport.issuerId + "\"");
        assertThat(web.get("/issuers?category=transport").body()).contains("id=\"issuer-" + transport.issuerId + "\"",
                "Delhi").doesNotContain("id=\"issuer-" + board.issuerId + "\"");
        assertThat(web.get("/issuers?state=mh").body()).contains("id=\"issuer-" + board.issuerId + "\"")
                .doesNotContain("id=\"issuer-" + transport.issuerId + "\"");
        assertThat(web.get("/issuers?category=education&state=dl").body()).contains("id=\"no-issuers\"")
                .doesNotContain("id=\"issuer-" + board.issuerId + "\"", "id=\"issuer-" + transport.issuerId + "\"");
        assertThat(web.get("/issuers?category=EDUCATION&state=MH").body()).as("codes in any case")
                .contains("id=\"issuer-" + board.issuerId + "\"");

        assertThat(web.get("/issuers?q=" + encode(BOARD_HI)).body()).as("the issuer's Hindi name")
                .contains("id=\"issuer-" + board.issuerId + "\"").doesNotContain("id=\"issuer-" + transport.issuerId);
        assertThat(web.get("/issuers?q=" + encode("बारह")).body()).as("part of a doc type's Hindi name")
                .contains("id=\"issuer-" + board.issuerId + "\"").doesNotContain("id=\"issuer-" + transport.issuerId);
        assertThat(web.get("/issuers?q=" + encode("बारह") + "&category=transport").body())
                .contains("id=\"no-issuers\"");

        JsonNode api = json.readTree(web.get("/api/v1/locker/issuers?category=education&state=mh&q="
                + board.issuerId).body());
        assertThat(api.get("category").asString()).isEqualTo("education");
        assertThat(api.get("state").asString()).isEqualTo("mh");
        assertThat(api.get("total").asInt()).isEqualTo(1);
        JsonNode listed = api.get("issuers").get(0);
        assertThat(listed.get("nameHi").asString()).isEqualTo(BOARD_HI);
        assertThat(listed.get("state").asString()).isEqualTo("mh");
        assertThat(listed.get("category").asString()).isEqualTo("education");
        assertThat(listed.get("docTypes").get(0).get("nameHi").asString()).isEqualTo(MARKSHEET_HI);
    }

    @Test
    void hindiPagesShowHindiNamesAndFallBackToEnglish() throws Exception {
        TestIssuer board = approved("education", "mh", BOARD_HI, MARKSHEET_HI);
        TestIssuer plain = approved("central", null, null, null);
        Resident resident = resident();
        WebClient web = resident.web();

        String hindi = web.get("/issuers?lang=hi&q=" + board.issuerId).body();
        assertThat(hindi).contains(BOARD_HI, MARKSHEET_HI, "शिक्षा", "महाराष्ट्र")
                .doesNotContain("Board of " + board.issuerId + "</span>", ">Class XII Marksheet<");
        String fallback = web.get("/issuers?lang=hi&q=" + plain.issuerId).body();
        assertThat(fallback).as("no Hindi name given: the English one").contains("Board of " + plain.issuerId,
                "Class XII Marksheet", "केंद्र सरकार");

        String fetch = web.get("/issuers/" + board.issuerId + "/HSCER/fetch?lang=hi").body();
        assertThat(fetch).contains(MARKSHEET_HI, BOARD_HI);

        String uri = board.publish(new WebClient(port), "<DigiLockerId>" + resident.account().lockerId()
                + "</DigiLockerId>", "HSCER", "H" + System.nanoTime() % 1_000_000, "234567890124", "Asha Verma");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(web.get("/locker/issued").body())
                .contains(uri));
        String issued = web.get("/locker/issued?lang=hi").body();
        assertThat(issued).contains(">" + BOARD_HI + "<", ">" + MARKSHEET_HI + "<");
        String card = web.get("/locker/issued/" + uri + "?lang=hi").body();
        assertThat(card).contains("id=\"document-issuer\">" + BOARD_HI + "<", MARKSHEET_HI);

        String english = web.get("/locker/issued/" + uri + "?lang=en").body();
        assertThat(english).contains("Class XII Marksheet").doesNotContain(BOARD_HI, MARKSHEET_HI);
        assertThat(web.get("/issuers?lang=en&q=" + board.issuerId).body()).contains("Board of " + board.issuerId)
                .doesNotContain(BOARD_HI);
    }

    @Test
    void listsTheDocTypesMostResidentsHold() throws Exception {
        TestIssuer popular = approved("transport", "ka", "कर्नाटक परिवहन विभाग", "ड्राइविंग लाइसेंस");
        TestIssuer lesser = approved("health", null, null, null);
        Resident first = resident();
        for (Resident holder : new Resident[] { first, resident(), resident() }) {
            popular.publish(new WebClient(port), "<DigiLockerId>" + holder.account().lockerId() + "</DigiLockerId>",
                    "HSCER", "P" + System.nanoTime() % 1_000_000, "234567890124", "Asha Verma");
        }
        lesser.publish(new WebClient(port), "<DigiLockerId>" + first.account().lockerId() + "</DigiLockerId>",
                "HSCER", "L" + System.nanoTime() % 1_000_000, "234567890124", "Asha Verma");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode api = json.readTree(first.web().get("/api/v1/locker/issuers").body());
            assertThat(api.get("popular").get(0).get("issuerId").asString()).isEqualTo(popular.issuerId);
            assertThat(api.get("popular").toString()).contains(lesser.issuerId);
        });
        String page = first.web().get("/issuers?lang=en").body();
        assertThat(page).contains("id=\"popular-documents\"", "Popular documents",
                "href=\"/issuers/" + popular.issuerId + "/HSCER/fetch\"");
        assertThat(page.indexOf("/issuers/" + popular.issuerId + "/HSCER/fetch"))
                .as("the most held first").isLessThan(page.indexOf("/issuers/" + lesser.issuerId + "/HSCER/fetch"));
        assertThat(first.web().get("/issuers?lang=hi").body()).contains("लोकप्रिय दस्तावेज़", "ड्राइविंग लाइसेंस",
                "कर्नाटक परिवहन विभाग");
    }

    @Test
    void refusesAnUnknownCategoryOrStateWithAMessage() throws Exception {
        TestIssuer issuer = new TestIssuer(nextIssuerId(), TestIssuerKeys.generate("Board"));
        HttpResponse<String> space = new WebClient(port).postJson("/api/v1/issuers/registrations",
                issuer.registrationJson("HSCER").replace("\"category\":\"state\"", "\"category\":\"space\""));
        assertThat(space.statusCode()).as(space.body()).isEqualTo(400);
        assertThat(json.readTree(space.body()).get("detail").asString()).contains("category",
                "central, state, education, transport, banking, health, other");
        HttpResponse<String> nowhere = new WebClient(port).postJson("/api/v1/issuers/registrations",
                issuer.registrationJson("HSCER").replace("\"category\":\"state\"",
                        "\"category\":\"state\",\"state\":\"xx\""));
        assertThat(nowhere.statusCode()).as(nowhere.body()).isEqualTo(400);
        assertThat(json.readTree(nowhere.body()).get("detail").asString()).contains("state", "mh");
        HttpResponse<String> longHindi = new WebClient(port).postJson("/api/v1/issuers/registrations",
                issuer.registrationJson("HSCER").replace("\"category\":\"state\"",
                        "\"category\":\"state\",\"nameHi\":\"" + "क".repeat(201) + "\""));
        assertThat(longHindi.statusCode()).isEqualTo(400);
        assertThat(json.readTree(longHindi.body()).get("detail").asString()).contains("nameHi", "200");

        WebClient web = resident().web();
        HttpResponse<String> api = web.get("/api/v1/locker/issuers?category=space");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json.readTree(api.body()).get("detail").asString()).contains("category: one of central");
        assertThat(web.get("/api/v1/locker/issuers?state=zz").statusCode()).isEqualTo(400);

        HttpResponse<String> page = web.get("/issuers?lang=en&category=space&state=zz");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"issuer-filter-error\"", "There is no such category",
                "There is no such state or union territory", "aria-describedby=\"issuer-filter-error\"",
                "id=\"issuer-count\"");
        assertThat(web.get("/issuers?lang=hi&category=space").body()).contains("ऐसी कोई श्रेणी नहीं है");
        assertThat(web.get("/issuers?lang=en&category=&state=").statusCode()).as("an empty choice is every one")
                .isEqualTo(200);
    }

    @Test
    void theRegistrationFormSetsTheListingAndAnAdministratorChangesIt() throws Exception {
        TestIssuer issuer = new TestIssuer(nextIssuerId(), TestIssuerKeys.generate("Board"));
        WebClient browser = new WebClient(port);
        String form = browser.get("/issuer/register?lang=en").body();
        assertThat(form).contains("<option value=\"health\">Health</option>", "<option value=\"\">The whole country</option>",
                "<option value=\"tn\">Tamil Nadu</option>", "name=\"nameHi\"", "name=\"docType0.nameHi\"");
        HttpResponse<String> registered = browser.submit("/issuer/register", "/issuer/register", Map.of(
                "issuerId", issuer.issuerId, "name", "Board of " + issuer.issuerId, "nameHi", BOARD_HI,
                "category", "education", "state", "tn", "contactEmail", "it@board.example.in",
                "signingCertificatePem", issuer.keys.certificatePem(), "docType0.code", "HSCER",
                "docType0.name", "Class XII Marksheet", "docType0.nameHi", MARKSHEET_HI));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        approve(issuer);

        WebClient portal = new WebClient(port);
        portal.get("/issuer/login?lang=hi");
        assertThat(portal.submit("/issuer/login", "/issuer/login", Map.of("clientId", issuer.clientId,
                "clientSecret", issuer.clientSecret)).statusCode()).isEqualTo(302);
        assertThat(portal.get("/issuer").body()).as("the issuer's own portal in Hindi")
                .contains("<h1>" + BOARD_HI + "</h1>", ">" + MARKSHEET_HI + "<");
        HttpResponse<String> notACertificate = portal.submit("/issuer", "/issuer/certificate",
                Map.of("signingCertificatePem", "not a PEM"));
        assertThat(notACertificate.statusCode()).isEqualTo(400);
        assertThat(notACertificate.body()).contains(HtmlUtils.htmlEscape(messages.getMessage(
                "issuer.problem.signingCertificatePem.unreadable", null, HINDI))).doesNotContain("PEM certificate was");

        WebClient web = resident().web();
        assertThat(web.get("/issuers?lang=en&state=tn&category=education").body())
                .contains("id=\"issuer-" + issuer.issuerId + "\"", "Tamil Nadu");
        assertThat(web.get("/issuers?lang=hi&q=" + issuer.issuerId).body()).contains(BOARD_HI, MARKSHEET_HI);

        HttpResponse<String> changed = new WebClient(port).send("PUT", "/api/v1/admin/issuers/" + issuer.issuerId
                + "/listing", "application/json", "{\"category\":\"health\",\"state\":\"kl\"}"
                .getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + TOKEN);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(web.get("/issuers?lang=en&category=health&state=kl").body())
                .contains("id=\"issuer-" + issuer.issuerId + "\"", "Kerala");
        assertThat(web.get("/issuers?lang=hi&q=" + issuer.issuerId).body()).as("no Hindi name any more")
                .doesNotContain(BOARD_HI).contains("Board of " + issuer.issuerId);
        HttpResponse<String> refused = new WebClient(port).send("PUT", "/api/v1/admin/issuers/" + issuer.issuerId
                + "/listing", "application/json", "{\"category\":\"space\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + TOKEN);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(new WebClient(port).send("PUT", "/api/v1/admin/issuers/" + issuer.issuerId + "/listing",
                "application/json", "{\"category\":\"health\"}".getBytes(StandardCharsets.UTF_8)).statusCode())
                .as("administrators only").isIn(401, 403);

        WebClient admin = new WebClient(port);
        admin.signIn(ADMIN, PASSWORD);
        String list = admin.get("/admin/issuers?lang=en").body();
        assertThat(list).contains("id=\"listing-" + issuer.issuerId + "\"", "How the directory lists it");
        HttpResponse<String> saved = admin.submit("/admin/issuers", "/admin/issuers/" + issuer.issuerId + "/listing",
                Map.of("category", "banking", "state", "", "nameHi", "नया नाम"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(admin.follow(saved).body()).contains("The directory now lists " + issuer.issuerId + " as you set.");
        HttpResponse<String> bad = admin.submit("/admin/issuers", "/admin/issuers/" + issuer.issuerId + "/listing",
                Map.of("category", "space"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"admin-error\"", "Choose a category from the list.");
        assertThat(web.get("/issuers?lang=hi&category=banking").body()).contains("नया नाम", "बैंकिंग और बीमा");
    }

    /**
     * Every kind of bad input on the registration form, sent from a Hindi page: the page words the refusal in
     * Hindi (from {@code issuer.problem.<code>}), never in the English the API answers.
     */
    @Test
    void aRefusedRegistrationIsWordedInTheReadersLanguage() throws Exception {
        TestIssuer issuer = new TestIssuer(nextIssuerId(), TestIssuerKeys.generate("Board"));
        String weakKey = TestIssuerKeys.rsa("Weak board", 1024).certificatePem();
        String long201 = "क".repeat(201);
        record Refusal(String field, String value, int status, String code, Object... arguments) {
        }
        List<Refusal> refusals = List.of(
                new Refusal("issuerId", "In Gov", 400, "issuerId.format"),
                new Refusal("issuerId", "self", 400, "issuerId.reserved", "self"),
                new Refusal("name", " ", 400, "name.required"),
                new Refusal("name", "b".repeat(201), 400, "name.too-long", 200),
                new Refusal("nameHi", long201, 400, "nameHi.too-long", 200),
                new Refusal("category", "space", 400, "category.unknown"),
                new Refusal("state", "zz", 400, "state.unknown"),
                new Refusal("contactEmail", "", 400, "contactEmail.required"),
                new Refusal("contactEmail", "x".repeat(250) + "@b.in", 400, "contactEmail.too-long", 254),
                new Refusal("contactEmail", "not an address", 400, "contactEmail.format"),
                new Refusal("signingCertificatePem", " ", 400, "signingCertificatePem.required"),
                new Refusal("signingCertificatePem", "not a PEM", 400, "signingCertificatePem.unreadable"),
                new Refusal("signingCertificatePem", weakKey, 400, "signingCertificatePem.weak"),
                new Refusal("docType0.code", "", 400, "docTypes.code.format"),
                new Refusal("docType0.code", "hs", 400, "docTypes.code.format"),
                new Refusal("docType0.name", " ", 400, "docTypes.name.required"),
                new Refusal("docType0.name", "m".repeat(201), 400, "docTypes.name.too-long", 200),
                new Refusal("docType0.nameHi", long201, 400, "docTypes.nameHi.too-long", 200),
                new Refusal("docType0.description", "d".repeat(1001), 400, "docTypes.description.too-long", 1000),
                new Refusal("docType1.code", "HSCER", 400, "docTypes.twice", "HSCER"),
                new Refusal("docType0.parameters", "1roll | Roll number", 400,
                        "docTypes.searchParameters.paramname.format"),
                new Refusal("docType0.parameters", "uid | Number", 400, "docTypes.searchParameters.paramname.taken",
                        "uid"),
                new Refusal("docType0.parameters", "rollno", 400, "docTypes.searchParameters.label.required"),
                new Refusal("docType0.parameters", "rollno | " + "l".repeat(101), 400,
                        "docTypes.searchParameters.label.too-long", 100),
                new Refusal("docType0.parameters", "rollno | Roll | " + "1".repeat(101), 400,
                        "docTypes.searchParameters.example.too-long", 100),
                new Refusal("docType0.parameters", "p0|a\np1|a\np2|a\np3|a\np4|a\np5|a\np6|a\np7|a\np8|a\np9|a\nq|a",
                        400, "docTypes.searchParameters.count", "HSCER"),
                new Refusal("docType0.residentField.UIDHash", "yes", 400, "docTypes.residentFields.both", "HSCER"),
                new Refusal("pullHmacEncoding", "hex", 400, "pullHmacEncoding.unknown"),
                new Refusal("apiKey", "short", 400, "apiKey.length", 32, 256),
                new Refusal("apiKey", "abcdefghijklmnop qrstuvwxyz0123456789ABC", 400, "apiKey.characters"),
                new Refusal("apiKey", "ab".repeat(20), 400, "apiKey.weak", 12),
                new Refusal("pullUriUrl", "not an address", 400, "pullUriUrl.format"),
                new Refusal("pullUriUrl", "http://pull.board.example.in/pull", 400, "pullUriUrl.https"),
                new Refusal("pullUriUrl", "https://me:secret@pull.board.example.in/pull", 400, "pullUriUrl.userinfo"),
                new Refusal("pullUriUrl", "https://169.254.169.254/latest/meta-data/", 400, "pullUriUrl.refused",
                        "169.254.169.254"),
                new Refusal("issuerId", issuer.issuerId, 409, "issuerId.taken", issuer.issuerId));
        Map<String, String> valid = Map.of("issuerId", issuer.issuerId, "name", "Board of " + issuer.issuerId,
                "category", "education", "contactEmail", "it@board.example.in",
                "signingCertificatePem", issuer.keys.certificatePem(), "docType0.code", "HSCER",
                "docType0.name", "Class XII Marksheet", "docType0.residentField.UID", "yes");
        WebClient browser = new WebClient(port);
        browser.get("/issuer/register?lang=hi");
        for (Refusal refusal : refusals) {
            if (refusal.code().equals("issuerId.taken")) {
                HttpResponse<String> first = browser.submit("/issuer/register", "/issuer/register", valid);
                assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            }
            Map<String, String> fields = new java.util.HashMap<>(valid);
            fields.put(refusal.field(), refusal.value());
            if (refusal.field().equals("docType1.code")) {
                fields.put("docType1.name", "Class XII Marksheet again");
            }
            HttpResponse<String> refused = browser.submit("/issuer/register", "/issuer/register", fields);

            String hindi = messages.getMessage("issuer.problem." + refusal.code(), refusal.arguments(), HINDI);
            String english = messages.getMessage("issuer.problem." + refusal.code(), refusal.arguments(),
                    Locale.ENGLISH);
            assertThat(hindi).as(refusal.code()).isNotEqualTo(english);
            assertThat(refused.statusCode()).as(refusal.code()).isEqualTo(refusal.status());
            assertThat(refused.body()).as(refusal.code()).contains("id=\"register-error\"", HtmlUtils.htmlEscape(hindi))
                    .doesNotContain(HtmlUtils.htmlEscape(english), refusal.field().replaceFirst("^docType0", "docTypes")
                            + ": ");
        }
        assertThat(new WebClient(port).get("/issuer/register?lang=hi").body()).doesNotContain("register-error");
        assertThat(browser.submit("/issuer/register", "/issuer/register", Map.of("contactEmail", "x")).body())
                .contains("जारीकर्ता ID में 2 से 64 छोटे अंग्रेज़ी अक्षर और अंक होते हैं");

        HttpResponse<String> api = new WebClient(port).postJson("/api/v1/issuers/registrations",
                issuer.registrationJson("HSCER").replace("it@", "not an address@@"), "Accept-Language", "hi");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).as("the API speaks English and names the problem")
                .contains("contactEmail: not an e-mail address.", "\"reason\":\"contactEmail.format\"");
        browser.get("/issuer/register?lang=en");
    }

    private TestIssuer approved(String category, String state, String nameHi, String docTypeNameHi) throws Exception {
        TestIssuer issuer = new TestIssuer(nextIssuerId(), TestIssuerKeys.generate("Board"));
        String listing = "\"category\":\"" + category + "\"" + (state == null ? "" : ",\"state\":\"" + state + "\"")
                + (nameHi == null ? "" : ",\"nameHi\":\"" + nameHi + "\"");
        String registration = issuer.registrationJson("HSCER").replace("\"category\":\"state\"", listing);
        if (docTypeNameHi != null) {
            registration = registration.replace("\"name\":\"Class XII Marksheet\"",
                    "\"name\":\"Class XII Marksheet\",\"nameHi\":\"" + docTypeNameHi + "\"");
        }
        return issuer.registerAndApprove(new WebClient(port), registration, TOKEN);
    }

    private void approve(TestIssuer issuer) throws Exception {
        HttpResponse<String> approved = new WebClient(port).post("/api/v1/admin/issuers/" + issuer.issuerId
                + "/approve", "application/json", new byte[0], "Authorization", "Bearer " + TOKEN);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        issuer.credentialsFrom(approved.body());
    }

    private static String nextIssuerId() {
        return "in.gov.listing" + issuers.incrementAndGet() + "x" + System.nanoTime() % 100_000 + ".board";
    }

    private static String encode(String words) {
        return URLEncoder.encode(words, StandardCharsets.UTF_8);
    }

    private Resident resident() throws Exception {
        int n = residents.incrementAndGet();
        String username = "listing" + n;
        ResidentAccount account = accounts.signUp(new MobileNumber(String.valueOf(7_400_000_000L + n)), username,
                PASSWORD);
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).statusCode()).isEqualTo(302);
        return new Resident(account, web);
    }

    private record Resident(ResidentAccount account, WebClient web) {
    }
}
