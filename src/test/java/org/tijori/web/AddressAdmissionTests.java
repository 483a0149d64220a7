package org.tijori.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.tijori.BehindATrustedProxy;
import org.tijori.WebClient;
import org.tijori.issuer.IssuerProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module's {@code AddressLimit} is taken before a request's body is read (ADR 17's order): every registration an
 * address sends counts, also one refused for what it holds, and past the limit none is read, not even by the CSRF
 * check of a form. Issuer registrations are the example; requester registrations have the same in their own tests.
 */
@BehindATrustedProxy
class AddressAdmissionTests {

    @LocalServerPort
    int port;

    @Autowired
    IssuerProperties issuers;

    @Test
    void everyRegistrationAnAddressSendsCountsAndPastItsLimitNoneIsRead() throws Exception {
        var web = new WebClient(port);
        String address = "192.0.2.201";
        for (int i = 0; i < issuers.registrationsPerAddress(); i++) {
            assertThat(web.postJson("/api/v1/issuers/registrations", "{not json", "X-Forwarded-For", address)
                    .statusCode()).as("refused for what it holds, and counted").isEqualTo(400);
        }

        HttpResponse<String> api = web.postJson("/api/v1/issuers/registrations", "{not json",
                "X-Forwarded-For", address);
        assertThat(api.statusCode()).as("not read: a 429, not the 400 of a body that is not JSON").isEqualTo(429);
        assertThat(api.body()).contains("https://tijori.org/problems/rate-limited", "Too many registrations");
        assertThat(api.headers().firstValue("Retry-After")).hasValue("3600");

        HttpResponse<String> form = web.post("/issuer/register", "application/x-www-form-urlencoded",
                "issuerId=in.gov.late&name=Late".getBytes(StandardCharsets.UTF_8), "X-Forwarded-For", address,
                "Accept", "text/html");
        assertThat(form.statusCode()).as("before the CSRF check, which would answer 403").isEqualTo(429);
        assertThat(form.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(form.body()).contains("Too many attempts from your network");

        assertThat(web.postJson("/api/v1/issuers/registrations", "{not json", "X-Forwarded-For", "192.0.2.202")
                .statusCode()).as("another address").isEqualTo(400);
    }
}
