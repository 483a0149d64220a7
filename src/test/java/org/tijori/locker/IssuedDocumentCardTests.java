package org.tijori.locker;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.SecureXml;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.signing.XmlSignatures;
import org.w3c.dom.Document;

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

    static final String PASSWORD = "a long and unusual phrase";

    static final AtomicInteger residents = new AtomicInteger();

    /** A marksheet shaped as CBSE's (API Setu's {@code AcademicCertificateSchema}). */
    static final String MARKSHEET = """
            <Certificate language="99" name="Class XII Marksheet" type="%s" number="%s" issueDate="15-05-2014" \
            status="A"><IssuedBy><Organization name="Central Board of Secondary Education" code="CBSE" type="CG"/>\
            </IssuedBy><IssuedTo><Person uid="234567890124" name="Asha Verma" dob="1996-03-14" gender="F" \
            motherName="SUNITA DEVI"/></IssuedTo><CertificateData><Examination \
            name="SENIOR SCHOOL CERTIFICATE EXAMINATION" month="MARCH" year="2014"/><School name="DELHI PUBLIC SCHOOL" \
            code="20020"/><Performance result="PASS" marksTotal="167" marksMax="200" percentage="83.5"><Subjects>\
            <Subject name="ECONOMICS" code="030" marksTheory="70" marksPractical="17" marksTotal="87" grade="A2"/>\
            <Subject name="ENGLISH CORE" code="301" marksTheory="80" marksTotal="80" grade="B1"/></Subjects>\
            </Performance></CertificateData></Certificate>""";

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Test
    void showsTheDocumentFirstAsFieldsAndASubjectsTableInEnglishAndHindi() throws Exception {
        TestIssuer issuer = approvedIssuer();
        Resident asha = newResident();
        String uri = deliver(issuer, asha.account(), "CARD" + residents.get());

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
        TestIssuer issuer = approvedIssuer();
        Resident asha = newResident();
        Resident ravi = newResident();
        String uri = deliver(issuer, asha.account(), "REV" + residents.get());

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
        TestIssuer issuer = approvedIssuer();
        TestIssuer other = approvedIssuer("DRVLC");
        Resident asha = newResident();
        Resident ravi = newResident();
        deliver(issuer, asha.account(), "LIST" + residents.get());
        deliver(other, ravi.account(), "DRVLC", "LIST" + residents.get());

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

    private Resident newResident() throws Exception {
        int n = residents.incrementAndGet();
        String username = "card" + n + "x" + (System.nanoTime() % 100_000);
        ResidentAccount account = accounts.signUp(new MobileNumber(String.valueOf(6_400_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n)), username, PASSWORD);
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).statusCode()).isEqualTo(302);
        return new Resident(account, web);
    }

    private TestIssuer approvedIssuer() throws Exception {
        return approvedIssuer("HSCER");
    }

    private TestIssuer approvedIssuer(String docType) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.card" + residents.incrementAndGet(), TestIssuerKeys.generate("Board"));
        return issuer.registerAndApprove(new WebClient(port), issuer.registrationJson(docType), TOKEN);
    }

    /** Pushes the signed marksheet to the resident's locker by locker ID; returns its URI. */
    private String deliver(TestIssuer issuer, ResidentAccount resident, String docId) throws Exception {
        return deliver(issuer, resident, "HSCER", docId);
    }

    private String deliver(TestIssuer issuer, ResidentAccount resident, String docType, String docId)
            throws Exception {
        Document certificate = SecureXml.parse(MARKSHEET.formatted(docType, docId).getBytes(StandardCharsets.UTF_8),
                1 << 20);
        XmlSignatures.sign(certificate, issuer.keys.privateKey(), issuer.keys.certificate());
        String body = issuer.pushRequest("<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>", docType, docId,
                "A", SecureXml.serialize(certificate), TestIssuer.now(), TestIssuer.newTxn());
        HttpResponse<String> pushed = new WebClient(port).post("/public/issuer/issuedoc/1/xml", "application/xml",
                body.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac", issuer.hmac(body));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.body()).contains(">1</ResponseStatus>");
        return issuer.issuerId + "-" + docType + "-" + docId;
    }

    private record Resident(ResidentAccount account, WebClient web) {
    }
}
