package org.tijori.audit;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.events.NationalIdLinked;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import org.tijori.locker.TestDocuments;
import org.tijori.locker.events.DocumentChanged;
import org.tijori.locker.events.DocumentDownloaded;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resident's activity over HTTP, on the page, as CSV and as JSON: their own entries and those about
 * their locker, never another resident's; filters, paging, a spreadsheet-safe CSV, and clear 400s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + ActivityTests.TOKEN, "tijori.issuer.registrations-per-address=1000" })
class ActivityTests {

    static final String TOKEN = "activity-tests-bootstrap-token-0123456789";

    static final String PASSWORD = "a long and unusual phrase";

    static final AtomicInteger residents = new AtomicInteger();

    static final Pattern ROW_ACTION = Pattern.compile("<tr data-action=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    IssuedDocuments issuedDocuments;

    @Test
    void showsTheResidentsOwnTrailAndWhatIssuersDidToTheirLockerButNothingOfOthers() throws Exception {
        Resident asha = newResident();
        Resident ravi = newResident();
        String upload = upload(asha, "asha-marksheet.pdf");
        upload(ravi, "ravi-secret-plans.pdf");
        assertThat(asha.web().getBytes("/locker/uploaded/" + upload + "/download").statusCode()).isEqualTo(200);
        TestIssuer issuer = approvedIssuer();
        String uri = deliver(issuer, asha.account(), "AC" + residents.get());

        HttpResponse<String> page = asha.web().get("/activity");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(actions(page.body())).as("newest first, just recorded entries included")
                .startsWith("issuer.DocumentDelivered", "locker.DocumentDownloaded", "locker.DocumentUploaded")
                .contains("account.SignedIn");
        assertThat(page.body()).contains("A document was issued to you", "Issuer " + issuer.issuerId,
                "Downloaded a document", "asha-marksheet.pdf", "Uploaded a document", "Signed in", "with the password",
                "id=\"activity-csv\"")
                .doesNotContain("ravi-secret-plans.pdf");
        assertThat(deliveryRow(page.body(), uri)).as("an issuer's address is not the resident's business")
                .doesNotContain("127.0.0.1");
        assertThat(page.body()).as("the resident's own address is shown").contains("127.0.0.1");

        HttpResponse<String> raviPage = ravi.web().get("/activity");
        assertThat(raviPage.body()).contains("ravi-secret-plans.pdf").doesNotContain("asha-marksheet.pdf", uri);

        HttpResponse<String> dashboard = asha.web().get("/dashboard");
        assertThat(dashboard.body()).contains("A document was issued to you", "Downloaded a document");

        HttpResponse<String> hindi = asha.web().get("/activity?lang=hi");
        assertThat(hindi.body()).contains("आपको एक दस्तावेज़ जारी हुआ", "दस्तावेज़ अपलोड किया");
    }

    @Test
    void filtersByKindAndByDaysInIndiaStandardTime() throws Exception {
        Resident resident = newResident();
        String upload = upload(resident, "filtered.pdf");
        resident.web().getBytes("/locker/uploaded/" + upload + "/download");

        assertThat(actions(resident.web().get("/activity?kind=uploads").body()))
                .containsExactly("locker.DocumentUploaded");
        assertThat(actions(resident.web().get("/activity?kind=downloads").body()))
                .containsExactly("locker.DocumentDownloaded");
        assertThat(actions(resident.web().get("/activity?kind=account").body()))
                .containsExactly("account.SignedIn", "account.ResidentSignedUp");
        assertThat(resident.web().get("/activity?kind=issued").body()).contains("id=\"activity-none\"");

        LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
        assertThat(actions(resident.web().get("/activity?from=" + today + "&to=" + today).body()))
                .contains("locker.DocumentUploaded", "locker.DocumentDownloaded");
        assertThat(resident.web().get("/activity?from=" + today.plusDays(1)).body()).contains("id=\"activity-none\"");
        assertThat(resident.web().get("/activity?to=" + today.minusDays(1)).body()).contains("id=\"activity-none\"");
        assertThat(resident.web().get("/activity?kind=uploads&from=" + today).body())
                .as("the CSV link keeps the filter").contains("/activity.csv?kind=uploads&amp;from=" + today);
    }

    @Test
    void badFiltersAnswer400WithWhatWasWrong() throws Exception {
        Resident resident = newResident();
        Map<String, String> wrong = Map.of(
                "kind=everything", "Choose a kind from the list.",
                "from=2026-13-01", "Write dates as year-month-day",
                "to=06-12-2026", "Write dates as year-month-day",
                "from=1999-12-31", "Write dates as year-month-day",
                "from=2026-12-06&to=2026-12-01", "The first day must not be after the last day.",
                "before=abc", "That page of activity does not exist.",
                "before=-5", "That page of activity does not exist.");
        for (var bad : wrong.entrySet()) {
            HttpResponse<String> page = resident.web().get("/activity?" + bad.getKey());
            assertThat(page.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(page.body()).as(bad.getKey()).contains("id=\"activity-problem\"", bad.getValue());
            HttpResponse<String> api = resident.web().get("/api/v1/locker/activity?" + bad.getKey());
            assertThat(api.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(api.body()).as(bad.getKey()).contains(bad.getValue());
        }
        assertThat(resident.web().get("/activity.csv?kind=everything").statusCode()).isEqualTo(400);
        assertThat(resident.web().get("/api/v1/locker/activity?size=0").statusCode()).isEqualTo(400);
        assertThat(resident.web().get("/api/v1/locker/activity?size=201").statusCode()).isEqualTo(400);
        assertThat(resident.web().get("/api/v1/locker/activity?size=many").statusCode()).isEqualTo(400);
    }

    @Test
    void pagesOlderEntriesWithoutGapsOrRepeats() throws Exception {
        Resident resident = newResident();
        for (int i = 1; i <= 30; i++) {
            events.publishEvent(new DocumentChanged(resident.account().id(), "doc-" + i, "renamed", "name-" + i + ".pdf"));
        }
        // Entries the chain already holds page by sequence; wait until these are chained.
        await().untilAsserted(() -> assertThat(resident.web().get("/api/v1/locker/activity?size=200&kind=uploads").body())
                .doesNotContain("\"sequence\":0"));

        List<String> names = new ArrayList<>();
        String path = "/activity?kind=uploads";
        int pages = 0;
        while (path != null) {
            String body = resident.web().get(path).body();
            Matcher name = Pattern.compile("activity__what\"[^>]*>(name-\\d+\\.pdf)<").matcher(body);
            while (name.find()) {
                names.add(name.group(1));
            }
            Matcher older = Pattern.compile("rel=\"next\" id=\"activity-older\"\\s+href=\"([^\"]+)\"").matcher(body);
            path = older.find() ? older.group(1).replace("&amp;", "&") : null;
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        List<String> expected = new ArrayList<>();
        for (int i = 30; i >= 1; i--) {
            expected.add("name-" + i + ".pdf");
        }
        assertThat(names).containsExactlyElementsOf(expected);

        String first = resident.web().get("/api/v1/locker/activity?kind=uploads&size=20").body();
        Matcher next = Pattern.compile("\"next\":(\\d+)").matcher(first);
        assertThat(next.find()).isTrue();
        String second = resident.web().get("/api/v1/locker/activity?kind=uploads&size=20&before=" + next.group(1)).body();
        assertThat(second).contains("name-10.pdf", "name-1.pdf", "\"next\":null").doesNotContain("name-11.pdf");
    }

    @Test
    void theCsvHoldsTheWholeFilteredTrailAndNoFormulas() throws Exception {
        Resident resident = newResident();
        Resident other = newResident();
        upload(resident, "=1+2 totals.pdf");
        upload(resident, "@SUM(A1) notes.pdf");
        upload(resident, "plain \"quoted\" name.pdf");
        upload(other, "not-yours.pdf");

        HttpResponse<byte[]> csv = resident.web().getBytes("/activity.csv?kind=uploads");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/csv").containsIgnoringCase("charset=UTF-8"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment").contains("tijori-activity-"));
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF\"When\",\"Code\",\"Activity\",\"About\",\"By\",\"IP address\"\r\n");
        String[] lines = text.split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(text).contains("\"'=1+2 totals.pdf\"", "\"'@SUM(A1) notes.pdf\"",
                "\"plain \"\"quoted\"\" name.pdf\"", "\"locker.DocumentUploaded\"", "\"Uploaded a document\"",
                "\"You\"", "+05:30\"").doesNotContain("not-yours.pdf", "SignedIn");
        assertThat(text).as("no field starts with a formula character").doesNotContainPattern("(?m)(^|,)\"[=+\\-@]");

        String hindi = new String(resident.web().getBytes("/activity.csv?lang=hi").body(), StandardCharsets.UTF_8);
        assertThat(hindi).contains("\"कब\"", "दस्तावेज़ अपलोड किया", "साइन इन किया");
    }

    @Test
    void theApiGivesLinesWithTheirDetailsButNeverANationalIdFingerprint() throws Exception {
        Resident resident = newResident();
        events.publishEvent(new NationalIdLinked(resident.account().id(), "fingerprint-that-must-stay-inside", "7058"));
        upload(resident, "api.pdf");

        HttpResponse<String> json = resident.web().get("/api/v1/locker/activity");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"action\":\"locker.DocumentUploaded\"", "\"kind\":\"uploads\"",
                "\"label\":\"Uploaded a document\"", "\"summary\":\"api.pdf\"", "\"byYou\":true",
                "\"action\":\"identity.NationalIdLinked\"", "\"summary\":\"XXXX XXXX 7058\"", "\"next\":null")
                .doesNotContain("fingerprint-that-must-stay-inside", "uidFingerprint");
        assertThat(resident.web().get("/api/v1/locker/activity", "Accept-Language", "hi").body())
                .contains("दस्तावेज़ अपलोड किया");

        assertThat(new WebClient(port).get("/api/v1/locker/activity").statusCode()).isEqualTo(401);
        assertThat(new WebClient(port).get("/activity").statusCode()).isEqualTo(302);
        assertThat(new WebClient(port).get("/activity.csv").statusCode()).isEqualTo(302);
        assertThat(new WebClient(port).get("/v3/api-docs").body()).contains("/api/v1/locker/activity");
    }

    @Test
    void aSignOutIsCreditedToTheResidentAndADownloadNamesTheDocument() throws Exception {
        Resident resident = newResident();
        TestIssuer issuer = approvedIssuer();
        String uri = deliver(issuer, resident.account(), "NM" + residents.get());
        assertThat(resident.web().getBytes("/locker/issued/" + uri + "/pdf").statusCode()).isEqualTo(200);
        String name = issuedDocuments.find(resident.account().id(), DocumentUri.parse(uri)).orElseThrow().docName();
        // An entry recorded before downloads kept the name: it still says which document, by its URI.
        events.publishEvent(DocumentDownloaded.issued(resident.account().id(), uri, null, "xml"));
        resident.web().submit("/profile", "/logout", Map.of());
        assertThat(resident.web().signIn(resident.username(), PASSWORD).statusCode()).isEqualTo(302);

        String page = resident.web().get("/activity").body();
        String signOut = row(page, "account.SignedOut");
        assertThat(signOut).contains(">You<", "127.0.0.1").doesNotContain("Without signing in");
        List<String> downloads = rows(page, "locker.DocumentDownloaded");
        assertThat(downloads).hasSize(2);
        assertThat(downloads.get(0)).as("the old entry").contains(">" + uri + "<");
        assertThat(downloads.get(1)).contains(">" + name + "<").doesNotContain(">" + uri + "<");
        assertThat(name).isNotBlank().isNotEqualTo(uri);
    }

    private static String row(String html, String action) {
        List<String> rows = rows(html, action);
        assertThat(rows).as(action).isNotEmpty();
        return rows.get(0);
    }

    private static List<String> rows(String html, String action) {
        List<String> rows = new ArrayList<>();
        int start = html.indexOf("<tr data-action=\"" + action + "\"");
        while (start >= 0) {
            int end = html.indexOf("</tr>", start);
            rows.add(html.substring(start, end));
            start = html.indexOf("<tr data-action=\"" + action + "\"", end);
        }
        return rows;
    }

    private static List<String> actions(String html) {
        List<String> actions = new ArrayList<>();
        Matcher matcher = ROW_ACTION.matcher(html);
        while (matcher.find()) {
            actions.add(matcher.group(1));
        }
        return actions;
    }

    private static String deliveryRow(String html, String uri) {
        int start = html.indexOf("<tr data-action=\"issuer.DocumentDelivered\"");
        assertThat(start).isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    private Resident newResident() throws Exception {
        int n = residents.incrementAndGet();
        String username = "activity" + n + "x" + (System.nanoTime() % 100_000);
        ResidentAccount account = accounts.signUp(new MobileNumber(String.valueOf(6_300_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n)), username, PASSWORD);
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).statusCode()).isEqualTo(302);
        return new Resident(account, username, web);
    }

    /** Uploads a one-page PDF through the page; returns its ID. */
    private String upload(Resident resident, String name) throws Exception {
        WebClient web = resident.web();
        String csrf = WebClient.csrfTokenOf(web.get("/locker/uploaded").body());
        HttpResponse<String> uploaded = web.postMultipart("/api/v1/locker/uploaded", Map.of(), "file", name,
                TestDocuments.pdf(), "X-CSRF-TOKEN", csrf);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(uploaded.body());
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    private TestIssuer approvedIssuer() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.activity" + residents.incrementAndGet(),
                TestIssuerKeys.generate("Board"));
        return issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
    }

    /** Pushes a signed marksheet to the resident's locker by locker ID; returns its URI. */
    private String deliver(TestIssuer issuer, ResidentAccount resident, String docId) throws Exception {
        return issuer.publish(new WebClient(port), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", "HSCER",
                docId, "234567890124", "Asha Verma");
    }

    private record Resident(ResidentAccount account, String username, WebClient web) {
    }
}
