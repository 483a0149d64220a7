package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.pull.IssuerPulls;
import org.tijori.issuer.pull.PullOutcome;
import org.tijori.signing.TestIssuerKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resident's side of issuers over HTTP: the directory on {@code /issuers}, fetching a document through
 * the form and the page that follows the search, and the same through {@code /api/v1/locker}. A real HTTP
 * endpoint started in the test plays the issuers' Pull URI service: it finds, does not find, is still
 * preparing, or sleeps longer than the pull timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + IssuersDirectoryTests.TOKEN, "tijori.issuer.pull-timeout=1s",
        "tijori.issuer.pulls-per-resident=" + IssuersDirectoryTests.PULLS_AN_HOUR,
        "tijori.issuer.registrations-per-address=1000",
        // The test endpoint answers on this machine, over plain http: neither is allowed unless said.
        "tijori.issuer.pull-allow-http=true", "tijori.issuer.pull-allowed-networks=127.0.0.1/32" })
class IssuersDirectoryTests {

    static final String TOKEN = "issuers-directory-tests-bootstrap-token-0123456789";

    static final int PULLS_AN_HOUR = 6;

    static final String PASSWORD = "a long and unusual phrase";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    static final JsonMapper json = JsonMapper.builder().build();

    static TestPullEndpoint issuerEndpoint;

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuerPulls pulls;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NationalIdLinks links;

    @BeforeAll
    static void startIssuerEndpoint() throws Exception {
        issuerEndpoint = TestPullEndpoint.start();
    }

    @AfterAll
    static void stopIssuerEndpoint() {
        issuerEndpoint.close();
    }

    @Test
    void listsApprovedIssuersOnlyAndFindsThemByNameIdOrDocType() throws Exception {
        TestIssuer searchable = approvedIssuer("HSCER", "Class XII Marksheet", true);
        TestIssuer pending = registered("HSCER");
        TestIssuer pushOnly = approvedIssuer("DRVLC", "Driving Licence", false);
        String uniqueDocName = "Kisan Credit Card " + UUID.randomUUID().toString().substring(0, 8);
        TestIssuer byDocName = approvedIssuer("KCC", uniqueDocName, true);
        Resident resident = resident();

        HttpResponse<String> found = resident.web.get("/issuers?q=" + searchable.issuerId);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("id=\"issuer-" + searchable.issuerId + "\"", "Board of " + searchable.issuerId,
                "Class XII Marksheet", "Marks of the final examination", "State government",
                "href=\"/issuers/" + searchable.issuerId + "/HSCER/fetch\"", "One issuer matches");

        HttpResponse<String> notApproved = resident.web.get("/issuers?q=" + pending.issuerId);
        assertThat(notApproved.body()).doesNotContain("issuer-" + pending.issuerId).contains("id=\"no-issuers\"");

        HttpResponse<String> onlyPushes = resident.web.get("/issuers?q=" + pushOnly.issuerId);
        assertThat(onlyPushes.body()).contains("id=\"issuer-" + pushOnly.issuerId + "\"", "Driving Licence",
                "it does not answer searches").doesNotContain("/fetch\"");

        HttpResponse<String> byDocType = resident.web.get("/issuers?q=" + uniqueDocName.replace(' ', '+').toLowerCase());
        assertThat(byDocType.body()).contains("id=\"issuer-" + byDocName.issuerId + "\"", "One issuer matches")
                .doesNotContain("id=\"issuer-" + searchable.issuerId + "\"");

        HttpResponse<String> everyone = resident.web.get("/issuers");
        assertThat(everyone.body()).doesNotContain("issuer-" + pending.issuerId);

        HttpResponse<String> wildcard = resident.web.get("/issuers?q=%25");
        assertThat(wildcard.body()).as("%% is matched literally, not as a wildcard").contains("id=\"no-issuers\"");

        assertThat(new WebClient(port).get("/issuers").headers().firstValue("Location").orElseThrow())
                .endsWith("/login");
    }

    @Test
    void showsEachIssuerWithTheDocumentsThisResidentHoldsFromIt() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        Resident holder = resident("999941057058");
        Resident other = resident();
        String rollno = "found-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(pulls.pull(holder.account.id(), new IssuerId(issuer.issuerId), new DocTypeCode("HSCER"),
                consented("rollno", rollno, "year", "2014"))).isInstanceOf(PullOutcome.Found.class);
        String uri = issuer.issuerId + "-HSCER-" + rollno;

        HttpResponse<String> mine = holder.web.get("/issuers?q=" + issuer.issuerId);
        assertThat(mine.body()).contains("One document from this issuer is in your locker",
                "href=\"/locker/issued/" + uri + "\"", uri);

        HttpResponse<String> theirs = other.web.get("/issuers?q=" + issuer.issuerId);
        assertThat(theirs.body()).contains("You hold no document from this issuer yet.").doesNotContain(uri);

        JsonNode listed = json.readTree(holder.web.get("/api/v1/locker/issuers?q=" + issuer.issuerId).body());
        assertThat(listed.get("total").asInt()).isEqualTo(1);
        JsonNode entry = listed.get("issuers").get(0);
        assertThat(entry.get("issuerId").asString()).isEqualTo(issuer.issuerId);
        assertThat(entry.get("held").asInt()).isEqualTo(1);
        assertThat(entry.get("heldDocuments").get(0).get("uri").asString()).isEqualTo(uri);
        assertThat(entry.get("heldDocuments").get(0).get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void fetchesADocumentInTheBackgroundIntoTheResidentsLocker() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        Resident resident = resident("999959083016");
        String fetch = "/issuers/" + issuer.issuerId + "/HSCER/fetch";

        HttpResponse<String> form = resident.web.get(fetch);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<label class=\"field__label\" for=\"param-rollno\">Roll number</label>",
                "<label class=\"field__label\" for=\"param-year\">Year of passing</label>", "For example: 1234567",
                "name=\"rollno\"", "name=\"year\"", "aria-describedby=\"param-rollno-hint\"");
        assertThat(form.body()).as("the one detail of the resident that this doc type's search sends")
                .contains("data-field=\"UID\"", "your national ID number").doesNotContain("data-field=\"FullName\"",
                        "data-field=\"DOB\"", "id=\"fetch-unlinked\"");

        String rollno = "found-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> started = resident.web.submit(fetch, fetch, consented("rollno", rollno, "year", "2014"));
        assertThat(started.statusCode()).isEqualTo(302);
        String status = path(started.headers().firstValue("Location").orElseThrow());
        assertThat(status).matches("/issuers/pulls/[0-9a-f-]{36}");

        String done = awaitFinished(resident.web, status);
        String uri = issuer.issuerId + "-HSCER-" + rollno;
        assertThat(done).contains("data-state=\"FOUND\"", "The document is in your locker.",
                "href=\"/locker/issued/" + uri + "\"").doesNotContain("hx-trigger");
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.account.id())))
                .extracting(document -> document.uri().toString())
                .containsExactly(uri);

        HttpResponse<String> fragment = resident.web.get(status, "HX-Request", "true");
        assertThat(fragment.body()).contains("id=\"pull-status\"").doesNotContain("<html", "<main");
    }

    @Test
    void explainsAPendingDocumentAndOneNotFoundInEnglishAndHindi() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        Resident resident = resident();
        String fetch = "/issuers/" + issuer.issuerId + "/HSCER/fetch";

        String pending = awaitFinished(resident.web, path(resident.web.submit(fetch, fetch,
                consented("rollno", "later-1", "year", "2014")).headers().firstValue("Location").orElseThrow()));
        assertThat(pending).contains("data-state=\"PENDING\"", "is still preparing it",
                "you do not need to search again");

        String notFoundPage = path(resident.web.submit(fetch, fetch, consented("rollno", "none-1", "year", "2014"))
                .headers().firstValue("Location").orElseThrow());
        String notFound = awaitFinished(resident.web, notFoundPage);
        assertThat(notFound).contains("data-state=\"NOT_FOUND\"", "found no document for the details you gave",
                "typed exactly as on your document", "national ID is linked", "href=\"" + fetch + "\"");
        assertThat(resident.web.get(notFoundPage + "?lang=hi").body())
                .contains("को आपके दिए गए विवरण से कोई दस्तावेज़ नहीं मिला", "कृपया जाँचें");
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.account.id()))).isEmpty();
    }

    @Test
    void aSlowIssuerNeverHoldsThePageAndEndsAsUnavailable() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        Resident resident = resident();
        String fetch = "/issuers/" + issuer.issuerId + "/HSCER/fetch";
        Map<String, String> fields = new LinkedHashMap<>(consented("rollno", "slow-1", "year", "2014"));
        fields.put("_csrf", WebClient.csrfTokenOf(resident.web.get(fetch).body()));

        long started = System.nanoTime();
        HttpResponse<String> answer = resident.web.postForm(fetch, fields);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(tookMillis).as("the issuer sleeps 2.5 s; the pull alone takes over 2 s").isLessThan(1_000);

        String status = path(answer.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> running = resident.web.get(status);
        assertThat(running.body()).contains("data-state=\"RUNNING\"", "hx-get=\"" + status + "\"",
                "hx-trigger=\"every 2s\"", "<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>",
                "href=\"" + status + "\"");

        String done = awaitFinished(resident.web, status);
        assertThat(done).contains("data-state=\"UNAVAILABLE\"", "is not answering just now",
                "Please try again in a few minutes.");
    }

    @Test
    void nobodyButTheResidentWhoStartedASearchSeesIt() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        Resident starter = resident();
        Resident stranger = resident();
        String fetch = "/issuers/" + issuer.issuerId + "/HSCER/fetch";
        String status = path(starter.web.submit(fetch, fetch, consented("rollno", "none-2", "year", "2014"))
                .headers().firstValue("Location").orElseThrow());
        String id = status.substring(status.lastIndexOf('/') + 1);

        assertThat(starter.web.get(status).statusCode()).isEqualTo(200);
        assertThat(stranger.web.get(status).statusCode()).isEqualTo(404);
        assertThat(stranger.web.get("/api/v1/locker/pulls/" + id).statusCode()).isEqualTo(404);
        assertThat(starter.web.get("/api/v1/locker/pulls/" + id).statusCode()).isEqualTo(200);
        assertThat(starter.web.get("/issuers/pulls/not-a-pull").statusCode()).isEqualTo(404);
        assertThat(starter.web.get("/issuers/pulls/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(starter.web.get("/api/v1/locker/pulls/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(new WebClient(port).get("/api/v1/locker/pulls/" + id).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesUnknownIssuersAndDocTypesAndAsksAgainForMissingDetails() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        TestIssuer pending = registered("HSCER");
        TestIssuer pushOnly = approvedIssuer("DRVLC", "Driving Licence", false);
        Resident resident = resident();
        String fetch = "/issuers/" + issuer.issuerId + "/HSCER/fetch";

        assertThat(resident.web.get("/issuers/" + issuer.issuerId + "/NOPE/fetch").statusCode()).isEqualTo(404);
        assertThat(resident.web.get("/issuers/in.gov.nobody.at.all/HSCER/fetch").statusCode()).isEqualTo(404);
        assertThat(resident.web.get("/issuers/Not-An-Issuer/HSCER/fetch").statusCode()).isEqualTo(404);
        assertThat(resident.web.get("/issuers/" + pending.issuerId + "/HSCER/fetch").statusCode()).isEqualTo(404);
        assertThat(resident.web.get("/issuers/" + pushOnly.issuerId + "/DRVLC/fetch").statusCode()).isEqualTo(404);
        assertThat(resident.web.submit(fetch, "/issuers/" + issuer.issuerId + "/NOPE/fetch",
                consented("rollno", "found-x", "year", "2014")).statusCode()).isEqualTo(404);

        HttpResponse<String> missing = resident.web.submit(fetch, fetch, consented("rollno", "found-kept", "year", " "));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("id=\"fetch-error\"", "Fill in Year of passing.",
                "id=\"param-year-error\"", "aria-invalid=\"true\"", "aria-describedby=\"param-year-hint param-year-error\"",
                "value=\"found-kept\"");
        HttpResponse<String> tooLong = resident.web.submit(fetch, fetch, consented("rollno", "x".repeat(201),
                "year", "2014"));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("Roll number can be at most 200 characters.");

        String form = resident.web.get(fetch).body();
        assertThat(form).as("the consent DigiLocker asks for, required, and a sign of the wait").contains(
                "name=\"tijori-consent\" value=\"yes\" required",
                "I provide my consent to fetch my Class XII Marksheet from Board of " + issuer.issuerId,
                "data-busy", "data-busy-indicator");
        HttpResponse<String> withoutConsent = resident.web.submit(fetch, fetch,
                Map.of("rollno", "found-unconsented", "year", "2014"));
        assertThat(withoutConsent.statusCode()).as("no consent, no search").isEqualTo(400);
        assertThat(withoutConsent.body()).contains("id=\"fetch-error\"",
                "Tick the box to give your consent: Tijori fetches nothing without it.", "id=\"fetch-consent-error\"",
                "aria-describedby=\"fetch-consent-error\"", "value=\"found-unconsented\"");
        HttpResponse<String> consentNotYes = resident.web.submit(fetch, fetch,
                Map.of("rollno", "found-unconsented", "year", "2014", "tijori-consent", "no"));
        assertThat(consentNotYes.statusCode()).isEqualTo(400);
        HttpResponse<String> inHindi = resident.web.submit(fetch + "?lang=hi", fetch,
                Map.of("rollno", "found-unconsented", "year", "2014"));
        assertThat(inHindi.body()).contains("सहमति देने के लिए बॉक्स पर टिक करें");
        assertThat(pullsOf(resident)).as("nothing is started or stored for a refused form").isZero();
    }

    /** Form fields of a search, with the box of the resident's consent ticked. */
    static Map<String, String> consented(String... namesAndValues) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        fields.put("tijori-consent", "yes");
        return fields;
    }

    @Test
    void limitsHowManySearchesAResidentStartsAnHour() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        Resident resident = resident();
        String fetch = "/issuers/" + issuer.issuerId + "/HSCER/fetch";
        for (int i = 0; i < PULLS_AN_HOUR; i++) {
            assertThat(resident.web.submit(fetch, fetch, consented("rollno", "none-" + i, "year", "2014")).statusCode())
                    .isEqualTo(302);
        }

        HttpResponse<String> page = resident.web.submit(fetch, fetch, consented("rollno", "none-9", "year", "2014"));
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.body()).contains("You have started many searches in the last hour.");

        String csrf = WebClient.csrfTokenOf(resident.web.get(fetch).body());
        HttpResponse<String> api = resident.web.postJson("/api/v1/locker/pulls", "{\"issuer\":\"" + issuer.issuerId
                + "\",\"docType\":\"HSCER\",\"parameters\":{\"rollno\":\"none-9\",\"year\":\"2014\"}}",
                "X-CSRF-TOKEN", csrf);
        assertProblem(api, 429, "many searches");
        assertThat(json.readTree(api.body()).get("type").asString()).isEqualTo("https://tijori.org/problems/rate-limited");
        assertThat(pullsOf(resident)).isEqualTo(PULLS_AN_HOUR);

        Resident someoneElse = resident();
        assertThat(someoneElse.web.submit(fetch, fetch, consented("rollno", "none-5", "year", "2014")).statusCode())
                .as("the limit is each resident's own").isEqualTo(302);
    }

    @Test
    void theLockerApiListsIssuersAndFetchesInTheBackground() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        Resident resident = resident("999966131861");
        String csrf = WebClient.csrfTokenOf(resident.web.get("/issuers").body());

        JsonNode listed = json.readTree(resident.web.get("/api/v1/locker/issuers?q=" + issuer.issuerId).body());
        JsonNode docType = listed.get("issuers").get(0).get("docTypes").get(0);
        assertThat(docType.get("code").asString()).isEqualTo("HSCER");
        assertThat(docType.get("searchParameters").get(0).get("paramname").asString()).isEqualTo("rollno");
        assertThat(docType.get("searchParameters").get(0).get("label").asString()).isEqualTo("Roll number");
        assertThat(docType.get("searchParameters").get(0).get("example").asString()).isEqualTo("1234567");
        assertThat(docType.get("residentFields").toString()).isEqualTo("[\"UID\"]");
        assertThat(listed.get("issuers").get(0).get("searchable").asBoolean()).isTrue();

        String rollno = "found-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> accepted = resident.web.postJson("/api/v1/locker/pulls", "{\"issuer\":\""
                + issuer.issuerId + "\",\"docType\":\"HSCER\",\"parameters\":{\"rollno\":\"" + rollno
                + "\",\"year\":\"2014\"}}", "X-CSRF-TOKEN", csrf);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode pull = json.readTree(accepted.body());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/v1/locker/pulls/" + pull.get("pullId").asString());
        assertThat(pull.get("state").asString()).isIn("RUNNING", "FOUND");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(json.readTree(
                resident.web.get(location).body()).get("state").asString()).isEqualTo("FOUND"));
        JsonNode found = json.readTree(resident.web.get(location).body());
        assertThat(found.get("uri").asString()).isEqualTo(issuer.issuerId + "-HSCER-" + rollno);
        assertThat(found.get("finishedAt").isNull()).isFalse();

        long started = System.nanoTime();
        String slow = resident.web.postJson("/api/v1/locker/pulls", "{\"issuer\":\"" + issuer.issuerId
                + "\",\"docType\":\"HSCER\",\"parameters\":{\"rollno\":\"slow-2\",\"year\":\"2014\"}}",
                "X-CSRF-TOKEN", csrf).headers().firstValue("Location").orElseThrow();
        assertThat((System.nanoTime() - started) / 1_000_000).as("the issuer sleeps 2.5 s; the answer does not wait")
                .isLessThan(1_000);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(json.readTree(
                resident.web.get(slow).body()).get("state").asString()).isEqualTo("UNAVAILABLE"));
        JsonNode unavailable = json.readTree(resident.web.get(slow).body());
        assertThat(unavailable.get("detail").asString()).contains("did not answer in time");

        assertThat(new WebClient(port).get("/v3/api-docs").body()).as("documented in OpenAPI")
                .contains("\"/api/v1/locker/issuers\"", "\"/api/v1/locker/pulls\"", "\"/api/v1/locker/pulls/{pullId}\"");
    }

    @Test
    void theLockerApiAnswersBadInputWithAClearProblem() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        Resident resident = resident();
        String csrf = WebClient.csrfTokenOf(resident.web.get("/issuers").body());

        assertProblem(resident.web.postJson("/api/v1/locker/pulls", "{\"issuer\":\"" + issuer.issuerId
                + "\",\"parameters\":{}}", "X-CSRF-TOKEN", csrf), 400, "docType");
        assertProblem(resident.web.postJson("/api/v1/locker/pulls", "{\"issuer\":\"Not An Issuer\","
                + "\"docType\":\"HSCER\"}", "X-CSRF-TOKEN", csrf), 400, "issuer");
        assertProblem(resident.web.postJson("/api/v1/locker/pulls", "{\"issuer\":\"" + issuer.issuerId
                + "\",\"docType\":\"HSCER\",\"parameters\":{\"rollno\":\"found-1\"}}", "X-CSRF-TOKEN", csrf), 400,
                "year (Year of passing) is required");
        assertProblem(resident.web.postJson("/api/v1/locker/pulls", "{\"issuer\":", "X-CSRF-TOKEN", csrf), 400, "");
        assertProblem(resident.web.postJson("/api/v1/locker/pulls", "{\"issuer\":\"in.gov.nobody.at.all\","
                + "\"docType\":\"HSCER\",\"parameters\":{}}", "X-CSRF-TOKEN", csrf), 404, "in.gov.nobody.at.all");
        assertProblem(resident.web.get("/api/v1/locker/issuers?page=0"), 400, "page");
        assertProblem(resident.web.get("/api/v1/locker/issuers?page=second"), 400, "");
        assertThat(resident.web.postJson("/api/v1/locker/pulls", "{\"issuer\":\"" + issuer.issuerId
                + "\",\"docType\":\"HSCER\",\"parameters\":{\"rollno\":\"found-2\",\"year\":\"2014\"}}").statusCode())
                .as("a session call without the CSRF token").isEqualTo(403);
        assertThat(pullsOf(resident)).isZero();
    }

    @Test
    void aSearchLostWithItsNodeIsToldAsInterrupted() throws Exception {
        TestIssuer issuer = approvedIssuer("HSCER", "Class XII Marksheet", true);
        Resident resident = resident();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into issuer_pull (account_id, id, issuer_id, doc_type, state, requested_at)
                values (?, ?, ?, 'HSCER', 'RUNNING', ?)""")
                .params(resident.account.id().value(), id, issuer.issuerId,
                        OffsetDateTime.now(ZoneOffset.UTC).minusHours(1))
                .update();

        HttpResponse<String> page = resident.web.get("/issuers/pulls/" + id);
        assertThat(page.body()).contains("data-state=\"INTERRUPTED\"", "Tijori could not finish this search.")
                .doesNotContain("hx-trigger");
        assertThat(json.readTree(resident.web.get("/api/v1/locker/pulls/" + id).body()).get("state").asString())
                .isEqualTo("INTERRUPTED");
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String detail) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).contains(detail);
    }

    private String awaitFinished(WebClient web, String status) {
        String[] page = new String[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            long started = System.nanoTime();
            HttpResponse<String> answer = web.get(status);
            assertThat((System.nanoTime() - started) / 1_000_000).as("the status page never waits for the issuer")
                    .isLessThan(1_000);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).doesNotContain("data-state=\"RUNNING\"");
            page[0] = answer.body();
        });
        return page[0];
    }

    private int pullsOf(Resident resident) {
        return jdbc.sql("select count(*) from issuer_pull where account_id = ?").param(resident.account.id().value())
                .query(Integer.class).single();
    }

    private String path(String location) {
        String base = "http://localhost:" + port;
        return location.startsWith(base) ? location.substring(base.length()) : location;
    }

    /** An approved issuer of one doc type; {@code searchable} gives it a Pull URI address on the test endpoint. */
    private TestIssuer approvedIssuer(String docType, String docName, boolean searchable) throws Exception {
        TestIssuer issuer = registered(docType, docName, searchable);
        HttpResponse<String> approved = new WebClient(port).post("/api/v1/admin/issuers/" + issuer.issuerId
                + "/approve", "application/json", new byte[0], "Authorization", "Bearer " + TOKEN);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        issuer.credentialsFrom(approved.body());
        issuerEndpoint.serve(issuer);
        return issuer;
    }

    private TestIssuer registered(String docType) throws Exception {
        return registered(docType, "Class XII Marksheet", true);
    }

    private TestIssuer registered(String docType, String docName, boolean searchable) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.directory" + issuers.incrementAndGet() + ".board",
                TestIssuerKeys.generate("Board"));
        String registration = issuer.registrationJson(docType, searchable
                ? issuerEndpoint.url() : "", "UID")
                .replace("Class XII Marksheet", docName);
        HttpResponse<String> registered = new WebClient(port).postJson("/api/v1/issuers/registrations", registration);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
        return issuer;
    }

    private Resident resident() throws Exception {
        return resident(null);
    }

    /** A signed-in resident; with {@code uid}, that national ID is linked: found documents name it. */
    private Resident resident(String uid) throws Exception {
        int n = residents.incrementAndGet();
        String username = "directory" + n;
        ResidentAccount account = accounts.signUp(new MobileNumber(String.valueOf(7_300_000_000L + n)), username,
                PASSWORD);
        if (uid != null) {
            links.link(account.id(), links.requestLink(account.id(), new NationalId(uid)).token());
        }
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).statusCode()).isEqualTo(302);
        return new Resident(account, web);
    }

    private record Resident(ResidentAccount account, WebClient web) {
    }
}
