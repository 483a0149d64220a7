package org.tijori.issuer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditTrail;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.pull.HostResolver;
import org.tijori.issuer.pull.IssuerPulls;
import org.tijori.issuer.pull.PullOutcome;
import org.tijori.signing.TestIssuerKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Searching an issuer for a resident's document (Pull URI) against real HTTP endpoints started in the
 * test, which play the issuer: they check Tijori's HMAC and key hash, and answer found, not found, pending,
 * slowly, with errors, with a document they did not sign or one issued to someone else, a byte at a time,
 * or without end. The endpoints live on 127.0.0.2, the one network this application is told to trust; the
 * host resolver is the test's, so that a name can lead elsewhere after its issuer was approved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + IssuerPullTests.TOKEN, "tijori.issuer.pull-timeout=1s",
        "tijori.issuer.unproven-requests-per-address=5", "tijori.issuer.max-push-size=1MB",
        "tijori.issuer.registrations-per-address=1000",
        "tijori.issuer.pull-allow-http=true", "tijori.issuer.pull-allowed-networks=127.0.0.2/32",
        "tijori.admin.username=" + IssuerPullTests.ADMIN, "tijori.admin.password=" + IssuerPullTests.PASSWORD })
class IssuerPullTests {

    static final String TOKEN = "issuer-pull-tests-bootstrap-token-0123456789";

    static final String ADMIN = "pull-admin";

    static final String PASSWORD = "a long and unusual phrase";

    static final String AARAV = "999941057058";

    static final String IRFAN = "999959083016";

    static final String LAKSHMI = "999966131861";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    static final JsonMapper json = JsonMapper.builder().build();

    /** Names the test resolver answers itself; any other goes to the system's resolver. */
    static final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();

    static TestPullEndpoint issuerEndpoint;

    @TestBean
    HostResolver hostResolver;

    @LocalServerPort
    int port;

    @Autowired
    IssuerPulls pulls;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    NationalIdLinks links;

    @Autowired
    AuditTrail trail;

    static HostResolver hostResolver() {
        return host -> names.containsKey(host) ? names.get(host) : List.of(InetAddress.getAllByName(host));
    }

    @BeforeAll
    static void startIssuerEndpoint() throws Exception {
        issuerEndpoint = TestPullEndpoint.start("127.0.0.2");
    }

    @AfterAll
    static void stopIssuerEndpoint() {
        issuerEndpoint.close();
    }

    @Test
    void takesAFoundDocumentIntoTheLockerOfTheResidentWhoSearched() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = resident(AARAV);

        PullOutcome outcome = pulls.pull(resident.id(), new IssuerId(issuer.issuerId), new DocTypeCode("HSCER"),
                Map.of("rollno", "found-1234567", "year", "2014"));

        assertThat(outcome).isInstanceOf(PullOutcome.Found.class);
        String uri = issuer.issuerId + "-HSCER-found-1234567";
        assertThat(((PullOutcome.Found) outcome).uri()).hasToString(uri);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id())))
                .singleElement().satisfies(document -> {
            assertThat(document.uri()).hasToString(uri);
            assertThat(document.hasPdf()).isTrue();
            assertThat(document.docName()).isEqualTo("Class XII Marksheet");
        });
        assertThat(issuerEndpoint.unauthenticatedCalls).hasValue(0);

        PullOutcome again = pulls.pull(resident.id(), new IssuerId(issuer.issuerId), new DocTypeCode("HSCER"),
                Map.of("rollno", "found-1234567", "year", "2014"));
        assertThat(again).isEqualTo(outcome);
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id()))).hasSize(1);

        // The national ID moves to another locker; the document it names stays where it was delivered.
        links.unlink(resident.id());
        ResidentAccount someoneElse = resident(AARAV);
        PullOutcome elsewhere = pulls.pull(someoneElse.id(), new IssuerId(issuer.issuerId), new DocTypeCode("HSCER"),
                Map.of("rollno", "found-1234567", "year", "2014"));
        assertThat(elsewhere).isInstanceOfSatisfying(PullOutcome.Failed.class,
                failed -> assertThat(failed.kind()).isEqualTo(PullOutcome.Reason.HELD_ELSEWHERE));
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 10)).extracting(e -> e.action())
                .contains("issuer.DocumentPulled", "issuer.DocumentDelivered"));
    }

    @Test
    void explainsNotFoundPendingAndAnswersItCannotTrust() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = resident(null);
        IssuerId id = new IssuerId(issuer.issuerId);

        assertThat(pulls.pull(resident.id(), id, new DocTypeCode("HSCER"), Map.of("rollno", "none-1", "year", "2014")))
                .isInstanceOf(PullOutcome.NotFound.class);
        assertThat(pulls.pull(resident.id(), id, new DocTypeCode("HSCER"), Map.of("rollno", "later-1", "year", "2014")))
                .isInstanceOf(PullOutcome.Pending.class);
        assertThat(pulls.pull(resident.id(), id, new DocTypeCode("HSCER"), Map.of("rollno", "forged-1", "year", "2014")))
                .isInstanceOfSatisfying(PullOutcome.Failed.class,
                        failed -> assertThat(failed.kind()).isEqualTo(PullOutcome.Reason.BAD_ANSWER));
        assertThat(pulls.pull(resident.id(), id, new DocTypeCode("HSCER"), Map.of("rollno", "found-2")))
                .isInstanceOfSatisfying(PullOutcome.Failed.class,
                        failed -> assertThat(failed.kind()).isEqualTo(PullOutcome.Reason.INVALID));
        assertThat(pulls.pull(resident.id(), id, new DocTypeCode("NOPE"), Map.of("rollno", "found-2", "year", "2014")))
                .isInstanceOfSatisfying(PullOutcome.Failed.class,
                        failed -> assertThat(failed.kind()).isEqualTo(PullOutcome.Reason.INVALID));
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.id()))).isEmpty();
    }

    @Test
    void aSlowOrFailingIssuerNeverHoldsTheResidentLongAndIsLeftAloneForAWhile() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = resident(null);
        IssuerId id = new IssuerId(issuer.issuerId);

        long started = System.nanoTime();
        PullOutcome slow = pulls.pull(resident.id(), id, new DocTypeCode("HSCER"), Map.of("rollno", "slow-1", "year", "2014"));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(slow).isInstanceOfSatisfying(PullOutcome.Failed.class,
                failed -> assertThat(failed.kind()).isEqualTo(PullOutcome.Reason.UNAVAILABLE));
        assertThat(tookMillis).as("two tries of at most 1 s each and a short pause").isLessThan(4_000);

        for (int i = 0; i < 4 && !pulls.isResting(id); i++) {
            assertThat(pulls.pull(resident.id(), id, new DocTypeCode("HSCER"), Map.of("rollno", "broken-" + i,
                    "year", "2014"))).isInstanceOf(PullOutcome.Failed.class);
        }
        assertThat(pulls.isResting(id)).isTrue();
        int before = issuerEndpoint.calls.get();
        PullOutcome resting = pulls.pull(resident.id(), id, new DocTypeCode("HSCER"), Map.of("rollno", "found-9",
                "year", "2014"));
        assertThat(resting).isInstanceOfSatisfying(PullOutcome.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(PullOutcome.Reason.UNAVAILABLE);
            assertThat(failed.reason()).contains("not answering searches just now");
        });
        assertThat(issuerEndpoint.calls.get()).as("no call while the breaker is open").isEqualTo(before);
    }

    @Test
    void aStrangerWhoseRequestsProveNoIssuerIsStoppedBeforeFloodingTheTrail() throws Exception {
        WebClient stranger = new WebClient(port);
        String body = "<PushUriRequest orgId=\"in.gov.nobody\" ts=\"x\" txn=\"1\"><UriDetails/></PushUriRequest>";
        int refused = 0;
        HttpResponse<String> answer = null;
        for (int i = 0; i < 12; i++) {
            answer = stranger.post("/public/issuer/issuedoc/1/xml", "application/xml",
                    body.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac", "AAAA");
            if (answer.statusCode() == 401) {
                refused++;
            }
        }
        assertThat(refused).as("refused one by one, then stopped").isEqualTo(5);
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.body()).contains("code=\"too_many_requests\"");
        await().untilAsserted(() -> assertThat(trail.about("in.gov.nobody", 50)).hasSize(5));
    }

    @Test
    void refusesToCallANameThatLeadsIntoTheNetworkAfterItsIssuerWasApproved() throws Exception {
        try (TestPullEndpoint inside = TestPullEndpoint.start("127.0.0.1")) {
            String name = "pull.rebinding" + issuers.incrementAndGet() + ".test";
            names.put(name, List.of(InetAddress.getByName("198.51.100.7")));
            TestIssuer issuer = approvedIssuer("http://" + name + ":" + inside.port() + "/pull", "UID");
            inside.serve(issuer);

            names.put(name, List.of(InetAddress.getByName("127.0.0.1")));
            PullingResident resident = signedInResident(null);
            JsonNode pull = resident.pull(issuer, "found-rebound");

            assertThat(pull.get("state").asString()).isEqualTo("NOT_OFFERED");
            assertThat(pull.get("detail").asString()).contains("not one Tijori may call");
            assertThat(inside.calls).as("nothing reached the address inside").hasValue(0);
            assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(resident.account().id()))).isEmpty();
        }
    }

    @Test
    void cutsOffAnIssuerThatTricklesItsAnswerAtTheDeadline() throws Exception {
        TestIssuer issuer = approvedIssuer();
        PullingResident resident = signedInResident(null);

        JsonNode pull = resident.pull(issuer, "trickle-1");

        assertThat(pull.get("state").asString()).isEqualTo("UNAVAILABLE");
        assertThat(pull.get("detail").asString()).contains("did not answer in time");
        Duration took = Duration.between(Instant.parse(pull.get("requestedAt").asString()),
                Instant.parse(pull.get("finishedAt").asString()));
        assertThat(took).as("two tries of one second each and a busy machine's slack; the issuer would send for 30 s")
                .isLessThan(Duration.ofSeconds(8));
        assertThat(resident.web().get("/issuers/pulls/" + pull.get("pullId").asString()).body())
                .contains("data-state=\"UNAVAILABLE\"", "is not answering just now");
    }

    @Test
    void cutsOffAnIssuerThatSendsMoreThanTheLargestPush() throws Exception {
        TestIssuer issuer = approvedIssuer();
        PullingResident resident = signedInResident(null);
        long before = issuerEndpoint.bytesSent.get();

        JsonNode pull = resident.pull(issuer, "huge-1");

        assertThat(pull.get("state").asString()).isEqualTo("BAD_ANSWER");
        assertThat(pull.get("detail").asString()).contains("larger than Tijori accepts");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(issuerEndpoint.bytesSent.get() - before)
                .as("the 1 MB cap and what the sockets buffered, of the 100 MB").isPositive()
                .isLessThan(12L * 1024 * 1024));
        assertThat(resident.web().get("/issuers/pulls/" + pull.get("pullId").asString()).body())
                .contains("data-state=\"BAD_ANSWER\"");
    }

    @Test
    void sendsAnIssuerOnlyTheResidentDetailsItsDocTypeDeclared() throws Exception {
        TestIssuer nothing = approvedIssuer(issuerEndpoint.url());
        TestIssuer onlyTheId = approvedIssuer(issuerEndpoint.url(), "UID");
        PullingResident resident = signedInResident(LAKSHMI);

        assertThat(resident.web().get("/issuers/" + nothing.issuerId + "/HSCER/fetch").body())
                .contains("id=\"fetch-sent\"", "nothing else about you").doesNotContain("data-field=");
        assertThat(resident.pull(nothing, "none-fields").get("state").asString()).isEqualTo("NOT_FOUND");
        assertThat(issuerEndpoint.lastRequest.get()).contains("<DigiLockerId>", "<rollno>none-fields</rollno>")
                .doesNotContain("<UID", "<FullName", "<DOB", LAKSHMI, "Lakshmi");

        assertThat(resident.web().get("/issuers/" + onlyTheId.issuerId + "/HSCER/fetch").body())
                .contains("data-field=\"UID\"", "your national ID number").doesNotContain("data-field=\"FullName\"",
                        "data-field=\"DOB\"");
        assertThat(resident.pull(onlyTheId, "none-uid").get("state").asString()).isEqualTo("NOT_FOUND");
        assertThat(issuerEndpoint.lastRequest.get()).contains("<UID>" + LAKSHMI + "</UID>")
                .doesNotContain("<FullName", "<DOB", "Lakshmi");
    }

    @Test
    void takesOnlyDocumentsIssuedToTheResidentWhoSearched() throws Exception {
        TestIssuer byId = approvedIssuer(issuerEndpoint.url(), "UID");
        TestIssuer byName = approvedIssuer(issuerEndpoint.url(), "FullName", "DOB");
        PullingResident unlinked = signedInResident(null);
        PullingResident irfan = signedInResident(IRFAN);

        JsonNode someoneElses = unlinked.pull(byId, "found-unlinked");
        assertThat(someoneElses.get("state").asString()).as("a resident without a national ID, a document naming one")
                .isEqualTo("NOT_YOURS");
        assertThat(unlinked.web().get("/issuers/pulls/" + someoneElses.get("pullId").asString()).body())
                .contains("data-state=\"NOT_YOURS\"", "issued to someone else");
        assertThat(unlinked.web().get("/issuers/" + byId.issuerId + "/HSCER/fetch").body())
                .contains("id=\"fetch-unlinked\"");

        assertThat(irfan.pull(byId, "other-1").get("state").asString()).as("another national ID")
                .isEqualTo("NOT_YOURS");
        assertThat(irfan.pull(byName, "nouid-other-1").get("state").asString())
                .as("no national ID, someone else's name and date of birth").isEqualTo("NOT_YOURS");
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(unlinked.account().id()))).isEmpty();
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(irfan.account().id()))).isEmpty();

        JsonNode his = irfan.pull(byName, "nouid-irfan");
        assertThat(his.get("state").asString()).as("no national ID, his name and date of birth").isEqualTo("FOUND");
        assertThat(irfan.pull(byId, "found-irfan").get("state").asString()).as("his national ID")
                .isEqualTo("FOUND");
        assertThat(TestIssuer.withoutIdCards(documents.deliveredTo(irfan.account().id())))
                .extracting(document -> document.uri().toString())
                .containsExactlyInAnyOrder(byName.issuerId + "-HSCER-nouid-irfan", byId.issuerId + "-HSCER-found-irfan");
    }

    @Test
    void showsTheAdministratorTheAddressAndItsCertificateBeforeApproving() throws Exception {
        TestIssuerKeys tls = TestIssuerKeys.generateEc("pull.board.example.in");
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(tls)));
        server.createContext("/pull", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            TestIssuer https = registered("https://127.0.0.2:" + server.getAddress().getPort() + "/pull");
            TestIssuer plain = registered(issuerEndpoint.url(), "UID", "DOB");
            WebClient admin = new WebClient(port);
            assertThat(admin.signIn(ADMIN, PASSWORD).statusCode()).isEqualTo(302);

            String page = admin.get("/admin/issuers").body();

            String block = block(page, "pull-address-" + https.issuerId);
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(tls.certificate().getEncoded()));
            assertThat(block).contains("data-check=\"CERTIFICATE\"",
                    "https://127.0.0.2:" + server.getAddress().getPort() + "/pull", "CN=pull.board.example.in",
                    fingerprint, "does not trust the certificate for this address");
            String plainBlock = block(page, "pull-address-" + plain.issuerId);
            assertThat(plainBlock).contains("data-check=\"PLAIN_HTTP\"", issuerEndpoint.url(),
                    "searches travel to this address unprotected", "national ID number", "date of birth")
                    .doesNotContain("full name");
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void refusesAPullUriAddressInsideTheNetworkUnlessItsNetworkIsTrusted() throws Exception {
        WebClient http = new WebClient(port);
        for (String address : List.of("http://127.0.0.1:" + issuerEndpoint.port() + "/pull", "http://localhost/pull",
                "http://10.0.0.5/pull", "http://[::1]:8080/pull", "http://169.254.169.254/latest/meta-data/")) {
            TestIssuer issuer = new TestIssuer("in.gov.inside" + issuers.incrementAndGet(), TestIssuerKeys.generate("In"));
            HttpResponse<String> refused = http.postJson("/api/v1/issuers/registrations",
                    issuer.registrationJson("HSCER", address));
            assertThat(refused.statusCode()).as(address).isEqualTo(400);
            assertThat(json.readTree(refused.body()).get("detail").asString()).as(address).startsWith("pullUriUrl: ")
                    .contains("address; Tijori calls only public addresses.");
        }
        assertThat(registered(issuerEndpoint.url())).as("127.0.0.2 is trusted here").isNotNull();
    }


    private TestIssuer approvedIssuer() throws Exception {
        return approvedIssuer(issuerEndpoint.url(), "UID");
    }

    /** An approved issuer of HSCER at this Pull URI address, whose searches carry these resident details. */
    private TestIssuer approvedIssuer(String pullUriUrl, String... residentFields) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.pulled" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        // Without any, the registration leaves residentFields out, as an issuer that needs none may.
        issuer.registerAndApprove(new WebClient(port), residentFields.length == 0
                ? issuer.registrationJson("HSCER", pullUriUrl)
                : issuer.registrationJson("HSCER", pullUriUrl, residentFields), TOKEN);
        issuerEndpoint.serve(issuer);
        return issuer;
    }

    private TestIssuer registered(String pullUriUrl, String... residentFields) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.pending" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        HttpResponse<String> registered = new WebClient(port).postJson("/api/v1/issuers/registrations",
                issuer.registrationJson("HSCER", pullUriUrl, residentFields));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
        return issuer;
    }

    private ResidentAccount resident(String uid) {
        int n = residents.incrementAndGet();
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(7_200_000_000L + n)), "puller" + n,
                PASSWORD);
        if (uid != null) {
            links.link(resident.id(), links.requestLink(resident.id(), new NationalId(uid)).token());
        }
        return resident;
    }

    private PullingResident signedInResident(String uid) throws Exception {
        return PullingResident.signIn(resident(uid), PASSWORD, port);
    }

    /** The element with this id, up to the end of the section it opens. */
    private static String block(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }

    private static SSLContext serverContext(TestIssuerKeys keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("tls", keys.privateKey(), new char[0], new java.security.cert.Certificate[] {
                keys.certificate() });
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }
}
