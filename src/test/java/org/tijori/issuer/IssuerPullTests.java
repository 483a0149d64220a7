package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Searching an issuer for a resident's document (Pull URI) against a real HTTP endpoint started in the
 * test, which plays the issuer: checks Tijori's HMAC and key hash, and answers found, not found,
 * pending, slowly, with errors, or with a document it did not sign.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + IssuerPullTests.TOKEN, "tijori.issuer.pull-timeout=1s",
        "tijori.issuer.unproven-requests-per-address=5" })
class IssuerPullTests {

    static final String TOKEN = "issuer-pull-tests-bootstrap-token-0123456789";

    static final AtomicInteger issuers = new AtomicInteger();

    static final AtomicInteger residents = new AtomicInteger();

    static TestPullEndpoint issuerEndpoint;

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

    @BeforeAll
    static void startIssuerEndpoint() throws Exception {
        issuerEndpoint = TestPullEndpoint.start();
    }

    @AfterAll
    static void stopIssuerEndpoint() {
        issuerEndpoint.close();
    }

    @Test
    void takesAFoundDocumentIntoTheLockerOfTheResidentWhoSearched() throws Exception {
        TestIssuer issuer = approvedIssuer();
        ResidentAccount resident = resident("999941057058");

        PullOutcome outcome = pulls.pull(resident.id(), new IssuerId(issuer.issuerId), new DocTypeCode("HSCER"),
                Map.of("rollno", "found-1234567", "year", "2014"));

        assertThat(outcome).isInstanceOf(PullOutcome.Found.class);
        String uri = issuer.issuerId + "-HSCER-found-1234567";
        assertThat(((PullOutcome.Found) outcome).uri()).hasToString(uri);
        assertThat(documents.deliveredTo(resident.id())).singleElement().satisfies(document -> {
            assertThat(document.uri()).hasToString(uri);
            assertThat(document.hasPdf()).isTrue();
            assertThat(document.docName()).isEqualTo("Class XII Marksheet");
        });
        assertThat(issuerEndpoint.unauthenticatedCalls).hasValue(0);

        PullOutcome again = pulls.pull(resident.id(), new IssuerId(issuer.issuerId), new DocTypeCode("HSCER"),
                Map.of("rollno", "found-1234567", "year", "2014"));
        assertThat(again).isEqualTo(outcome);
        assertThat(documents.deliveredTo(resident.id())).hasSize(1);

        ResidentAccount someoneElse = resident(null);
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
        assertThat(documents.deliveredTo(resident.id())).isEmpty();
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

    private TestIssuer approvedIssuer() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.pulled" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
        issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER",
                issuerEndpoint.url()), TOKEN);
        issuerEndpoint.serve(issuer);
        return issuer;
    }

    private ResidentAccount resident(String uid) {
        int n = residents.incrementAndGet();
        ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(7_200_000_000L + n)), "puller" + n,
                "a long and unusual phrase");
        if (uid != null) {
            links.link(resident.id(), links.requestLink(resident.id(), new NationalId(uid)).token());
        }
        return resident;
    }
}
