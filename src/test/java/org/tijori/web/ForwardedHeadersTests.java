package org.tijori.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no trusted proxy (the default), forwarded headers are anybody's claim and change nothing: the limits
 * key on the address that connected, and a plain-http request is not taken for https. The settings are those
 * of {@code ResidentJourneyTests}, so that both run in one application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tijori.account.otp-sends-per-address=500")
class ForwardedHeadersTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** The addresses the trail recorded for a username's failed sign-ins, chained or still waiting to be. */
    List<String> recordedAddresses(String username) {
        return jdbc.sql("""
                select ip from (select action, subject, ip from audit_entry
                                union all select action, subject, ip from audit_inbox) recorded
                where action = 'account.SignInFailed' and subject = ?""").param(username).query(String.class).list();
    }

    String signIn(String username, String password, String forwardedFor) throws Exception {
        WebClient web = new WebClient(port);
        String csrf = WebClient.csrfTokenOf(web.get("/login").body());
        return web.postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf),
                "X-Forwarded-For", forwardedFor).headers().firstValue("Location").orElseThrow();
    }

    @Test
    void aForwardedAddressFromAnUntrustedClientIsIgnored() throws Exception {
        String username = "nobody-without-a-proxy";
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(username, "wrong guess " + i, "192.0.2." + (i + 1))).endsWith("/login?error");
        }

        assertThat(recordedAddresses(username)).as("the trail records the connecting address").hasSize(3)
                .allSatisfy(address -> assertThat(address).doesNotStartWith("192.0.2."));
    }

    @Test
    void theLimitsKeyOnTheConnectingAddressWhateverItClaims() throws Exception {
        String username = "nobody-claiming-addresses";
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(username, "wrong guess " + i, "192.0.2." + (i + 10))).endsWith("/login?error");
        }

        assertThat(signIn(username, "wrong guess", "192.0.2.99")).as("a new claimed address buys no new tries")
                .endsWith("/login?throttled");
    }

    @Test
    void aForwardedProtocolFromAnUntrustedClientIsIgnored() throws Exception {
        HttpResponse<String> page = new WebClient(port).get("/login?lang=hi", "X-Forwarded-Proto", "https");

        assertThat(page.headers().allValues("Set-Cookie")).isNotEmpty()
                .noneSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("; Secure"));
        assertThat(page.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
}
