package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.gateway.token.ReferenceTokens;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partner API's limits at the token endpoint (ADR 23, "Limits"), with small limits: an authenticated requester
 * takes from its own per-minute bucket, and another requester is not slowed; wrong client secrets spend their
 * address's failures, then the address is answered 429 whatever it sends, and another address is not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.web.trusted-proxies=127.0.0.1, ::1", "tijori.admin.bootstrap-token=" + RequesterTestContext.TOKEN,
        "tijori.gateway.requests-per-client=4", "tijori.gateway.failures-per-address=3" })
class TokenEndpointLimitsTests {

    @LocalServerPort
    int port;

    WebClient http() {
        return new WebClient(port);
    }

    HttpResponse<String> refresh(PartnerClient partner, String address) throws Exception {
        String[] basic = partner.basic();
        return partner.http.postForm(PartnerClient.TOKEN, Map.of("grant_type", "refresh_token", "refresh_token",
                ReferenceTokens.newValue()), basic[0], basic[1], "X-Forwarded-For", address);
    }

    @Test
    void aRequesterTakesFromItsOwnBucketAtTheTokenEndpoint() throws Exception {
        PartnerClient flooding = new PartnerClient(TestRequester.approved(http(), RequesterTestContext.TOKEN), http());
        PartnerClient other = new PartnerClient(TestRequester.approved(http(), RequesterTestContext.TOKEN), http());
        for (int i = 0; i < 4; i++) {
            assertThat(refresh(flooding, TestRequester.newAddress()).statusCode()).isEqualTo(400);
        }

        HttpResponse<String> limited = refresh(flooding, TestRequester.newAddress());

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(PartnerClient.json(limited)).containsEntry("error", "too_many_requests");
        assertThat(refresh(other, TestRequester.newAddress()).statusCode()).as("another requester").isEqualTo(400);
    }

    @Test
    void wrongSecretsSpendTheAddresssFailures() throws Exception {
        PartnerClient partner = new PartnerClient(TestRequester.approved(http(), RequesterTestContext.TOKEN), http());
        String guessing = TestRequester.newAddress();
        Map<String, String> wrong = Map.of("grant_type", "refresh_token", "refresh_token", ReferenceTokens.newValue(),
                "client_id", partner.requester.clientId, "client_secret", "a-guess");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused = http().postForm(PartnerClient.TOKEN, wrong, "X-Forwarded-For", guessing);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(PartnerClient.json(refused)).containsEntry("error", "invalid_client");
        }

        HttpResponse<String> spent = http().postForm(PartnerClient.TOKEN, wrong, "X-Forwarded-For", guessing);

        assertThat(spent.statusCode()).isEqualTo(429);
        assertThat(spent.headers().firstValue("Retry-After")).isPresent();
        assertThat(refresh(partner, guessing).statusCode()).as("even with the right secret, for a while")
                .isEqualTo(429);
        assertThat(refresh(partner, TestRequester.newAddress()).statusCode()).as("another address").isEqualTo(400);
    }
}
