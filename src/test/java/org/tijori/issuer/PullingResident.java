package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A resident signed in over HTTP who searches an issuer through the locker's pull API, as a person would. */
record PullingResident(ResidentAccount account, WebClient web) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Signs {@code account} in with {@code password} on the server at {@code port}. */
    static PullingResident signIn(ResidentAccount account, String password, int port) throws Exception {
        WebClient web = new WebClient(port);
        assertThat(web.signIn(account.username(), password).statusCode()).isEqualTo(302);
        return new PullingResident(account, web);
    }

    /** Searches {@code issuer}'s HSCER of 2014 by roll number and answers the pull once it has ended. */
    JsonNode pull(TestIssuer issuer, String rollno) throws Exception {
        String csrf = WebClient.csrfTokenOf(web.get("/issuers").body());
        HttpResponse<String> started = web.postJson("/api/v1/locker/pulls", "{\"issuer\":\"" + issuer.issuerId
                + "\",\"docType\":\"HSCER\",\"parameters\":{\"rollno\":\"" + rollno + "\",\"year\":\"2014\"}}",
                "X-CSRF-TOKEN", csrf);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode[] ended = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode pull = JSON.readTree(web.get(location).body());
            assertThat(pull.get("state").asString()).isNotEqualTo("RUNNING");
            ended[0] = pull;
        });
        return ended[0];
    }
}
