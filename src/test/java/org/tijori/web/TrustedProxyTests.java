package org.tijori.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.BehindATrustedProxy;
import org.tijori.WebClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a TLS-terminating load balancer that Tijori trusts (here: the test client's own address): the
 * client address it forwards keys every limit and reaches the trail, and a request the balancer received
 * over https gets {@code Secure} cookies and HSTS.
 */
@BehindATrustedProxy
class TrustedProxyTests {

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

    String signIn(String username, String password, String address) throws Exception {
        WebClient web = new WebClient(port);
        String csrf = WebClient.csrfTokenOf(web.get("/login", "X-Forwarded-For", address).body());
        return web.postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf),
                "X-Forwarded-For", address).headers().firstValue("Location").orElseThrow();
    }

    @Test
    void theClientAddressTheProxyForwardsKeysTheLimitsAndTheTrail() throws Exception {
        // 50 wrong passwords from one address, whatever the usernames, are as many as it may send.
        String nobody = "nobody-behind-the-proxy-";
        for (int i = 0; i < 50; i++) {
            assertThat(signIn(nobody + i, "wrong guess", "192.0.2.10")).endsWith("/login?error");
        }

        assertThat(signIn(nobody + "next", "wrong guess", "192.0.2.10")).endsWith("/login?throttled");
        assertThat(signIn(nobody + "elsewhere", "wrong guess", "192.0.2.11")).as("another client behind the proxy")
                .endsWith("/login?error");
        assertThat(recordedAddresses(nobody + "0")).containsExactly("192.0.2.10");
        assertThat(recordedAddresses(nobody + "elsewhere")).containsExactly("192.0.2.11");
    }

    @Test
    void httpsAtTheBalancerGivesSecureCookiesAndStrictTransportSecurity() throws Exception {
        HttpResponse<String> secure = new WebClient(port).get("/login?lang=hi", "X-Forwarded-Proto", "https",
                "X-Forwarded-For", "192.0.2.20");

        List<String> cookies = secure.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("SESSION="));
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("tijori-lang="));
        assertThat(cookies).allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("; Secure"));
        assertThat(secure.headers().firstValue("Strict-Transport-Security"))
                .hasValueSatisfying(hsts -> assertThat(hsts).contains("max-age=31536000", "includeSubDomains"));

        HttpResponse<String> plain = new WebClient(port).get("/login?lang=hi", "X-Forwarded-Proto", "http",
                "X-Forwarded-For", "192.0.2.20");
        assertThat(plain.headers().allValues("Set-Cookie")).isNotEmpty()
                .noneSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("; Secure"));
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
}
