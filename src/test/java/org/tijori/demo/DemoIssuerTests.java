package org.tijori.demo;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocument;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.pull.IssuerPulls;
import org.tijori.issuer.pull.PullOutcome;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo profile end to end: the demo issuer registers, is approved and publishes its samples through
 * Tijori's HTTP APIs on the first start; linking a demo national ID delivers that person's documents; a
 * Pull URI search reaches the demo issuer's endpoint, which only answers Tijori's signed requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class DemoIssuerTests {

    static final String TOKEN = "demo-only-bootstrap-token-change-me";

    static final String ISSUER = "in.gov.demo.board";

    /** People of the demo ID registry: the first four get their documents pushed, the fifth can pull them. */
    static final String PRIYA = "999952601814";

    static final String LAKSHMI = "999966131861";

    static final String GURPREET = "999909139094";

    static final AtomicInteger residents = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    DemoIssuer demoIssuer;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    NationalIdLinks links;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    IssuerPulls pulls;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Test
    void registersItselfAndParksItsSamplesForTheDemoResidentsOnTheFirstStart() throws Exception {
        assertThat(jdbc.sql("select status from issuer_issuer where issuer_id = ?").param(ISSUER).query(String.class)
                .single()).isEqualTo("APPROVED");
        assertThat(jdbc.sql("select pull_uri_url from issuer_issuer where issuer_id = ?").param(ISSUER)
                .query(String.class).single()).isEqualTo("http://localhost:" + port + "/demo-issuer/pull");
        List<String> uris = jdbc.sql("select distinct uri from issuer_document where issuer_id = ? order by uri")
                .param(ISSUER).query(String.class).list();
        assertThat(uris).hasSize(12).contains(ISSUER + "-HSCER-200641057058", ISSUER + "-DRVLC-DL0420071057058",
                ISSUER + "-INCER-INC2026057058").noneMatch(uri -> uri.endsWith("9139094"));

        List<String> lakshmis = List.of(ISSUER + "-HSCER-198366131861", ISSUER + "-DRVLC-DL0419846131861",
                ISSUER + "-INCER-INC2026131861");
        for (String uri : lakshmis) {
            assertThat(documents.versions(DocumentUri.parse(uri))).first().satisfies(document -> {
                assertThat(document.deliveredAt()).as("parked until someone links the ID").isNull();
                assertThat(document.signer()).contains("CN=Demo Issuing Board");
            });
        }
        assertThat(jdbc.sql("select count(*) from issuer_document where uri in (?, ?, ?) and account_id is null")
                .params(lakshmis.get(0), lakshmis.get(1), lakshmis.get(2)).query(Integer.class).single())
                .isGreaterThanOrEqualTo(3);

        Path folder = Path.of(environment.getProperty("tijori.data-dir")).resolve("demo-issuer");
        assertThat(Files.getPosixFilePermissions(folder.resolve("signing-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(folder.resolve("credentials.properties")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(folder.resolve("published")).exists();
    }

    @Test
    void deliversAllThreeDocumentsOfAResidentWhoLinksTheirNationalId() throws Exception {
        ResidentAccount priya = residentWithNationalId(PRIYA);

        await().untilAsserted(() -> assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(priya.id())))
                .extracting(d -> d.uri().toString())
                .containsExactlyInAnyOrder(ISSUER + "-HSCER-201052601814", ISSUER + "-DRVLC-DL0420112601814",
                        ISSUER + "-INCER-INC2026601814"));
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(priya.id()))).extracting(IssuedDocument::docName)
                .containsExactlyInAnyOrder("Class XII Marksheet", "Driving Licence", "Income Certificate");
        String marksheet;
        try (InputStream in = documents.openXml(priya.id(), DocumentUri.parse(ISSUER + "-HSCER-201052601814"))
                .orElseThrow()) {
            marksheet = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(marksheet).contains("type=\"HSCER\"", "number=\"201052601814\"", "uid=\"" + PRIYA + "\"",
                "name=\"Priya Nair\"", "dob=\"02-11-1992\"", "gender=\"F\"", "<ds:Signature");
    }

    @Test
    void findsASampleByPullUriOnlyForTheResidentItWasIssuedTo() {
        ResidentAccount gurpreet = residentWithNationalId(GURPREET);
        IssuerId issuer = new IssuerId(ISSUER);
        DocTypeCode marksheet = new DocTypeCode("HSCER");

        PullOutcome found = pulls.pull(gurpreet.id(), issuer, marksheet, Map.of("rollno", "09139094", "year", "2019"));

        assertThat(found).isInstanceOfSatisfying(PullOutcome.Found.class,
                outcome -> assertThat(outcome.uri()).hasToString(ISSUER + "-HSCER-201909139094"));
        assertThat(pulls.pull(gurpreet.id(), issuer, new DocTypeCode("DRVLC"), Map.of("dlno", "DL0420209139094")))
                .isInstanceOf(PullOutcome.Found.class);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(gurpreet.id()))).extracting(d -> d.uri().toString())
                .containsExactlyInAnyOrder(ISSUER + "-HSCER-201909139094", ISSUER + "-DRVLC-DL0420209139094");

        assertThat(pulls.pull(gurpreet.id(), issuer, marksheet, Map.of("rollno", "09139095", "year", "2019")))
                .isInstanceOf(PullOutcome.NotFound.class);
        assertThat(pulls.pull(gurpreet.id(), issuer, marksheet, Map.of("rollno", "PENDING-77", "year", "2019")))
                .isInstanceOf(PullOutcome.Pending.class);
        ResidentAccount someoneElse = residentWithNationalId(null);
        assertThat(pulls.pull(someoneElse.id(), issuer, new DocTypeCode("INCER"), Map.of("certno", "INC2026139094")))
                .as("another resident's document is not found for them").isInstanceOf(PullOutcome.NotFound.class);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(someoneElse.id()))).isEmpty();
    }

    @Test
    void refusesAPullRequestThatTijoriDidNotSign() throws Exception {
        String ts = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String body = "<PullURIRequest ver=\"1.0\" ts=\"" + ts + "\" txn=\"t1\" orgId=\"" + ISSUER + "\" keyhash=\""
                + TijoriIssuerApi.keyhash("guessed-key", ts) + "\" format=\"xml\"><DocDetails><DocType>INCER</DocType>"
                + "<UID>" + LAKSHMI + "</UID><certno>INC2026131861</certno></DocDetails></PullURIRequest>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        WebClient http = new WebClient(port);

        HttpResponse<String> forged = http.post("/demo-issuer/pull", "application/xml", bytes, "x-digilocker-hmac",
                Base64.getEncoder().encodeToString(TijoriIssuerApi.hmac(bytes, "guessed-key")));
        HttpResponse<String> unsigned = http.post("/demo-issuer/pull", "application/xml", bytes);

        for (HttpResponse<String> answer : List.of(forged, unsigned)) {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.body()).contains("code=\"invalid_hmac\"").doesNotContain("DataContent");
        }
    }

    @Test
    void doesNotPublishAgainWhenStartedAgainWithTheSameDataDirectory() throws Exception {
        Path folder = Path.of(environment.getProperty("tijori.data-dir")).resolve("demo-issuer");
        String credentials = Files.readString(folder.resolve("credentials.properties"));
        String certificate = Files.readString(folder.resolve("signing-certificate.pem"));
        long rows = demoRows();

        demoIssuer.start("http://localhost:" + port);

        assertThat(demoRows()).isEqualTo(rows);
        assertThat(Files.readString(folder.resolve("credentials.properties"))).isEqualTo(credentials);
        assertThat(Files.readString(folder.resolve("signing-certificate.pem"))).isEqualTo(certificate);
        assertThat(jdbc.sql("select count(*) from issuer_issuer where issuer_id = ?").param(ISSUER).query(Integer.class)
                .single()).isEqualTo(1);
    }

    @Test
    void publishesNewVersionsOnAnAdministratorsCommand() throws Exception {
        WebClient http = new WebClient(port);
        assertThat(http.post("/api/v1/admin/demo/publish", "application/json", new byte[0]).statusCode())
                .isEqualTo(401);
        DocumentUri uri = DocumentUri.parse(ISSUER + "-INCER-INC2026131861");
        int before = documents.versions(uri).get(0).version();

        HttpResponse<String> published = http.post("/api/v1/admin/demo/publish", "application/json", new byte[0],
                "Authorization", "Bearer " + TOKEN);

        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(published.body()).contains("\"added\":0", "\"updated\":12", "\"refused\":[]");
        assertThat(documents.versions(uri).get(0).version()).isEqualTo(before + 1);
        HttpResponse<String> listed = http.get("/api/v1/admin/demo/documents", "Authorization", "Bearer " + TOKEN);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"uri\":\"" + uri + "\"", "\"nationalId\":\"XXXX XXXX 1861\"")
                .doesNotContain(LAKSHMI);
    }

    private long demoRows() {
        return jdbc.sql("select count(*) from issuer_document where issuer_id = ?").param(ISSUER).query(Long.class)
                .single();
    }

    private ResidentAccount residentWithNationalId(String uid) {
        int n = residents.incrementAndGet();
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(7_300_000_000L + n)), "demo" + n,
                "a long and unusual phrase");
        if (uid != null) {
            links.link(resident.id(), links.requestLink(resident.id(), new NationalId(uid)).token());
        }
        return resident;
    }
}
