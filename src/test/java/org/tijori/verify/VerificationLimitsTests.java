package org.tijori.verify;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.tijori.BehindATrustedProxy;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.issuer.TestIssuer;
import org.tijori.verify.proof.ProofCheck;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;

/**
 * Per-address limits of verification (ADR 22), behind a trusted proxy so that each test is a client address of
 * its own: refusals spend an hourly budget, after which the address is turned away unread, even with a genuine
 * proof, while another address is answered; and every request takes from a node-local bucket.
 */
@BehindATrustedProxy
@TestPropertySource(properties = { "tijori.admin.bootstrap-token=" + VerifyTestContext.TOKEN,
        "tijori.issuer.registrations-per-address=1000",
        "tijori.verify.requests-per-address=" + VerificationLimitsTests.PER_MINUTE })
class VerificationLimitsTests {

    /**
     * Requests an address may send a minute here: above the refusals the first test spends, and low enough that
     * the bucket refills slower (one every half second) than even a busy machine sends them.
     */
    static final int PER_MINUTE = 120;

    static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    TijoriProperties tijori;

    @Autowired
    VerifyProperties properties;

    @MockitoSpyBean
    ProofCheck proofs;

    /** A genuine link's path and query. */
    String genuineLink() throws Exception {
        var published = new PublishedDocuments(port, accounts, documents);
        TestIssuer issuer = published.issuer();
        ResidentAccount resident = published.resident();
        String uri = published.push(issuer, resident, "LIM" + PublishedDocuments.counter.incrementAndGet(),
                "Aarav Sharma");
        String link = documents.verificationLink(resident.id(), DocumentUri.parse(uri)).orElseThrow();
        return link.substring(tijori.baseUrl().toString().replaceAll("/$", "").length());
    }

    HttpResponse<String> get(String address, String path) throws Exception {
        return new WebClient(port).get(path, "X-Forwarded-For", address);
    }

    static void assertTooMany(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
        assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(answer.headers().allValues("Set-Cookie"))
                .noneSatisfy(cookie -> assertThat(cookie).startsWith("SESSION="));
    }

    @Test
    void pastItsRefusalsAnAddressIsTurnedAwayEvenWithAGenuineProofWhileAnotherIsAnswered() throws Exception {
        String genuine = genuineLink();
        String spent = "192.0.2.101";
        for (int i = 0; i < properties.refusalsPerAddress(); i++) {
            HttpResponse<String> guess = get(spent, "/api/v1/verify/in.gov.guess-HSCER-" + i + "?p=junk");
            assertThat(guess.statusCode()).as("refusal %d", i).isEqualTo(404);
        }
        HttpResponse<String> over = get(spent, "/api/v1/verify/in.gov.guess-HSCER-x?p=junk");
        assertTooMany(over);
        JsonNode problem = json.readTree(over.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://tijori.org/problems/too-many-requests");
        assertThat(problem.get("status").asInt()).isEqualTo(429);

        assertTooMany(get(spent, "/api/v1" + genuine));
        HttpResponse<String> page = get(spent, genuine);
        assertTooMany(page);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("role=\"status\"").contains("Try again in").doesNotContain("_csrf");

        assertThat(get("192.0.2.102", "/api/v1" + genuine).statusCode()).isEqualTo(200);
        assertThat(get("192.0.2.102", genuine).statusCode()).isEqualTo(200);
    }

    @Test
    void aSpentAddressesLongProofIsNeverParsed() throws Exception {
        String spent = "192.0.2.111";
        for (int i = 0; i <= properties.refusalsPerAddress(); i++) {
            get(spent, "/api/v1/verify/in.gov.guess-HSCER-" + i);
        }
        Mockito.clearInvocations(proofs);

        assertTooMany(get(spent, "/api/v1/verify/in.gov.guess-HSCER-1?p=" + "A".repeat(2000)));
        assertTooMany(get(spent, "/verify/in.gov.guess-HSCER-1?p=" + "A".repeat(2000)));

        Mockito.verify(proofs, Mockito.never()).check(any(), any());
    }

    @Test
    void pastItsRequestsAMinuteAnAddressIsTurnedAway() throws Exception {
        String genuine = "/api/v1" + genuineLink();
        String busy = "192.0.2.121";
        int answered = 0;
        HttpResponse<String> last = null;
        // The bucket refills as the requests go, a token every half second at 120 a minute.
        for (int i = 0; i < properties.requestsPerAddress() * 2; i++) {
            last = get(busy, genuine);
            if (last.statusCode() != 200) {
                break;
            }
            answered++;
        }
        assertThat(answered).isGreaterThanOrEqualTo(properties.requestsPerAddress());
        assertTooMany(last);
        assertThat(get("192.0.2.122", genuine).statusCode()).isEqualTo(200);
    }
}
