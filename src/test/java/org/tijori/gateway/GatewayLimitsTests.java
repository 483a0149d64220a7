package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.gateway.requester.RequesterClients;
import org.tijori.gateway.token.ReferenceTokens;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The gateway's limits at the token endpoint with the default body limit (ADR 23, "Limits", {@code GatewayLimitsTests}
 * row), what {@code PartnerAdmissionTests} and {@link TokenEndpointLimitsTests} leave unproven: the per-client 429 with
 * {@code Retry-After} and another client unaffected, and the per-address 429 at the resource endpoints, are theirs;
 * here, that a token request of 17 KiB (over the default 16 KiB) is refused before the requester is even looked up,
 * and that an address out of failures is turned away at the token endpoint before its client is looked up, even with
 * the right secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.web.trusted-proxies=127.0.0.1, ::1", "tijori.admin.bootstrap-token=" + RequesterTestContext.TOKEN,
        "tijori.gateway.failures-per-address=" + GatewayLimitsTests.FAILURES })
class GatewayLimitsTests {

    static final int FAILURES = 3;

    @LocalServerPort
    int port;

    @MockitoSpyBean
    RequesterClients clients;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void aSeventeenKibTokenRequestIsRefusedUnread() throws Exception {
        PartnerClient partner = new PartnerClient(TestRequester.approved(http(), RequesterTestContext.TOKEN), http());
        String padding = "x".repeat(17 * 1024);
        String json = "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + ReferenceTokens.newValue()
                + "\",\"client_id\":\"" + partner.requester.clientId + "\",\"client_secret\":\""
                + partner.requester.clientSecret + "\",\"padding\":\"" + padding + "\"}";
        byte[] form = ("grant_type=refresh_token&refresh_token=" + ReferenceTokens.newValue() + "&padding=" + padding)
                .getBytes(StandardCharsets.US_ASCII);
        clearInvocations(clients);

        HttpResponse<String> asJson = http().post(PartnerClient.TOKEN, "application/json",
                json.getBytes(StandardCharsets.UTF_8), "X-Forwarded-For", TestRequester.newAddress());
        HttpResponse<String> asForm = http().post(PartnerClient.TOKEN, "application/x-www-form-urlencoded", form,
                partner.basic()[0], partner.basic()[1], "X-Forwarded-For", TestRequester.newAddress());
        HttpResponse<String> revoke = http().post(PartnerClient.REVOKE, "application/x-www-form-urlencoded", form,
                partner.basic()[0], partner.basic()[1], "X-Forwarded-For", TestRequester.newAddress());

        for (HttpResponse<String> refused : java.util.List.of(asJson, asForm, revoke)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
            assertDigiLockerError(refused, "request_too_large");
        }
        verify(clients, never()).findByClientId(anyString());

        HttpResponse<String> justUnder = http().post(PartnerClient.TOKEN, "application/x-www-form-urlencoded",
                ("grant_type=refresh_token&refresh_token=" + ReferenceTokens.newValue() + "&padding="
                        + "x".repeat(15 * 1024)).getBytes(StandardCharsets.US_ASCII),
                partner.basic()[0], partner.basic()[1], "X-Forwarded-For", TestRequester.newAddress());
        assertThat(justUnder.statusCode()).as("15 KiB is read: an unknown refresh token").isEqualTo(400);
        assertDigiLockerError(justUnder, "invalid_grant");
    }

    @Test
    void anAddressOutOfFailuresIsTurnedAwayAtTheTokenEndpointBeforeItsClientIsLookedUp() throws Exception {
        PartnerClient partner = new PartnerClient(TestRequester.approved(http(), RequesterTestContext.TOKEN), http());
        String guessing = TestRequester.newAddress();
        Map<String, String> wrong = Map.of("grant_type", "refresh_token", "refresh_token", ReferenceTokens.newValue(),
                "client_id", partner.requester.clientId, "client_secret", "a-guess");
        HttpResponse<String> last = null;
        for (int i = 0; i <= FAILURES; i++) {
            last = http().postForm(PartnerClient.TOKEN, wrong, "X-Forwarded-For", guessing);
        }
        assertThat(last.statusCode()).isEqualTo(429);
        clearInvocations(clients);

        HttpResponse<String> right = http().postForm(PartnerClient.TOKEN, Map.of("grant_type", "refresh_token",
                "refresh_token", ReferenceTokens.newValue()), partner.basic()[0], partner.basic()[1],
                "X-Forwarded-For", guessing);

        assertThat(right.statusCode()).isEqualTo(429);
        assertDigiLockerError(right, "too_many_requests");
        assertThat(right.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        verify(clients, never()).findByClientId(anyString());
        HttpResponse<String> elsewhere = http().postForm(PartnerClient.TOKEN, Map.of("grant_type", "refresh_token",
                "refresh_token", ReferenceTokens.newValue()), partner.basic()[0], partner.basic()[1],
                "X-Forwarded-For", TestRequester.newAddress());
        assertThat(elsewhere.statusCode()).as("another address is read").isEqualTo(400);
        verify(clients, org.mockito.Mockito.atLeastOnce()).findByClientId(partner.requester.clientId);
    }

    static void assertDigiLockerError(HttpResponse<String> answer, String code) throws Exception {
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> body = PartnerClient.json(answer);
        assertThat(body).containsEntry("error", code).containsKey("error_description");
    }
}
