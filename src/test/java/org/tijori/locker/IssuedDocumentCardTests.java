package org.tijori.locker;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issued document's page shows the document first as text, read from its signed Certificate XML: the person and
 * the document's fields as a description list, the subjects as a table with a caption and headers, in English and
 * Hindi, with its status (revoked too); and the issued list filters by the doc types the resident holds, by name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + IssuedDocumentCardTests.TOKEN, "tijori.issuer.registrations-per-address=1000" })
class IssuedDocumentCardTests {

    static final String TOKEN = "card-tests-bootstrap-token-0123456789abc";

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments issuedDocuments;

    MarksheetDeliveries deliveries;

    @BeforeEach
    void deliveries() {
        deliveries = new MarksheetDeliveries(port, accounts, TOKEN);
    }

    @Test
    void showsTheDocumentFirstAsFieldsAndASubjectsTableInEnglishAndHindi() throws Exception {
        TestIssuer issuer = deliveries.approvedIssuer("HSCER");
        MarksheetDeliveries.Resident asha = deliveries.newResident();
        String uri = deliveries.deliver(issuer, asha.account(), "CARD" + System.nanoTime() % 1_000_000);

        String page = asha.web().get("/locker/issued/" + uri).body();

        assertThat(page).as("the card right under the heading").containsPattern(
                "<h1 id=\"document-name\">Class XII Marksheet</h1>\\s*<article [^>]*id=\"document-card\"");
        assertThat(page.indexOf("id=\"document-card\"")).as("the card before the preview and the QR code")
                .isLessThan(page.indexOf("id=\"preview\"")).isLessThan(page.indexOf("class=\"qr-box\""));
        String card = between(page, "id=\"document-card\"", "</article>");
        assertThat(terms(card)).containsSubsequence("Name", "National ID", "Date of birth", "Gender",
                "Mother's name", "Document number", "Type", "Issued on");
        assertThat(definitions(card)).contains("Asha Verma", "XXXX XXXX 0124", "14-03-1996", "Female", "SUNITA DEVI");
        assertThat(card).contains("id=\"document-issuer\">Central Board of Secondary Education<")
                .contains(">Active</span>").doesNotContain("234567890124")
                .doesNotContain("Subject: ").doesNotContain("role=\"alert\"");
        assertThat(card).containsPattern("<h2 id=\"card-group-\\d\">Examination</h2>")
                .containsPattern("<h2 id=\"card-group-\\d\">Performance</h2>");
        String table = between(card, "<table", "</table>");
        assertThat(table).containsPattern("<caption id=\"card-table-2-0\">Subjects</caption>");
        assertThat(all(table, "<th scope=\"col\">([^<]*)</th>")).containsExactly("Name", "Code", "Theory marks",
                "Practical marks", "Total marks", "Grade");
        assertThat(all(table, "<th scope=\"row\">([^<]*)</th>")).containsExactly("ECONOMICS", "ENGLISH CORE");
        assertThat(all(table, "<td>([^<]*)</td>")).containsExactly("030", "70", "17", "87", "A2", "301", "80", "",
                "80", "B1");
        assertThat(card).as("a scrolling region named by its caption")
                .containsPattern("class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"card-table-2-0\"");
        assertThat(between(page, "id=\"document-actions\"", "</p>")).contains("id=\"download-pdf\"")
                .contains("href=\"#preview\"").contains("id=\"download-xml\"");

        String hindi = between(asha.web().get("/locker/issued/" + uri + "?lang=hi").body(), "id=\"document-card\"",
                "</article>");
        assertThat(terms(hindi)).contains("नाम", "राष्ट्रीय पहचान संख्या", "जन्म तिथि", "लिंग", "माता का नाम");
        assertThat(definitions(hindi)).contains("महिला", "14-03-1996");
        assertThat(hindi).contains(">परीक्षा</h2>").contains(">विषय</caption>")
                .contains("<th scope=\"col\">सैद्धांतिक अंक</th>").contains("<th scope=\"col\">कुल अंक</th>");
    }

    @Test
    void aRevokedDocumentSaysSoOnItsCardAndAnotherResidentsIsNotFound() throws Exception {
        TestIssuer issuer = deliveries.approvedIssuer("HSCER");
        MarksheetDeliveries.Resident asha = deliveries.newResident();
        MarksheetDeliveries.Resident ravi = deliveries.newResident();
        String uri = deliveries.deliver(issuer, asha.account(), "REV" + System.nanoTime() % 1_000_000);

        HttpResponse<String> changed = new WebClient(port).postForm("/public/issuer/1/status",
                issuer.statusForm(uri, "revoked", "Issued in error"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        String card = between(asha.web().get("/locker/issued/" + uri).body(), "id=\"document-card\"", "</article>");
        assertThat(card).contains("id=\"document-status\">Revoked</span>").contains("role=\"alert\"")
                .contains("The issuer revoked this document").contains("Issued in error").contains("Asha Verma");
        HttpResponse<String> stranger = ravi.web().get("/locker/issued/" + uri);
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(stranger.body()).doesNotContain("Asha Verma").doesNotContain("ECONOMICS");
    }

    @Test
    void theIssuedListFiltersByTheDocTypesTheResidentHoldsByName() throws Exception {
        TestIssuer issuer = deliveries.approvedIssuer("HSCER");
        TestIssuer other = deliveries.approvedIssuer("DRVLC");
        MarksheetDeliveries.Resident asha = deliveries.newResident();
        MarksheetDeliveries.Resident ravi = deliveries.newResident();
        deliveries.deliver(issuer, asha.account(), "LIST" + System.nanoTime() % 1_000_000);
        deliveries.deliver(other, ravi.account(), "DRVLC", "LIST" + System.nanoTime() % 1_000_000);

        String page = asha.web().get("/locker/issued").body();

        String select = between(page, "<select class=\"field__select\" id=\"type\" name=\"type\">", "</select>");
        assertThat(all(select, "<option value=\"([^\"]*)\"")).as("Asha's doc types only").containsExactly("", "HSCER");
        assertThat(select).contains(">Class XII Marksheet</option>");
        assertThat(page).doesNotContain("id=\"type-hint\"").contains("class=\"form form--filters\"");
        String filtered = asha.web().get("/locker/issued?type=HSCER").body();
        assertThat(filtered).contains("<option value=\"HSCER\" selected=\"selected\">Class XII Marksheet</option>")
                .contains("One document");
        assertThat(asha.web().get("/locker/issued?type=DRVLC").body()).contains("No documents");
    }

    /**
     * The card is read from the vault and parsed at each request: reports what that costs next to the whole page,
     * median of many, after a warm-up; bounded only against a change of scale (the machine is shared).
     */
    @Test
    void readingTheCardIsASmallPartOfThePagesTime() throws Exception {
        TestIssuer issuer = deliveries.approvedIssuer("HSCER");
        MarksheetDeliveries.Resident asha = deliveries.newResident();
        String uri = deliveries.deliver(issuer, asha.account(), "TIME" + System.nanoTime() % 1_000_000);
        DocumentUri parsed = DocumentUri.parse(uri);
        long[] card = new long[200];
        long[] page = new long[50];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < card.length; i++) {
                long start = System.nanoTime();
                assertThat(issuedDocuments.card(asha.account().id(), parsed)).isPresent();
                card[i] = System.nanoTime() - start;
            }
            for (int i = 0; i < page.length; i++) {
                long start = System.nanoTime();
                assertThat(asha.web().get("/locker/issued/" + uri).statusCode()).isEqualTo(200);
                page[i] = System.nanoTime() - start;
            }
        }
        java.util.Arrays.sort(card);
        java.util.Arrays.sort(page);
        System.out.printf("issued document page: card (query, vault, parse) median %.2f ms; whole page over HTTP "
                + "median %.2f ms%n", card[card.length / 2] / 1e6, page[page.length / 2] / 1e6);
        assertThat(card[card.length / 2]).as("the card's median in ns").isLessThan(50_000_000L);
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("%s in %s", from, text).isNotNegative();
        int end = text.indexOf(to, start);
        assertThat(end).as("%s after %s", to, from).isPositive();
        return text.substring(start, end);
    }

    private static List<String> terms(String html) {
        return all(html, "<dt>([^<]*)</dt>");
    }

    private static List<String> definitions(String html) {
        return all(html, "<dd>([^<]*)</dd>");
    }

    private static List<String> all(String html, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(html);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1).replace("&#39;", "'"));
        }
        return found;
    }

}
