package org.tijori.issuer;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.signing.TestIssuerKeys;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Pull URI address is where Tijori sends residents' searches, and anyone may register one: over HTTP, with
 * the default settings (https only, no network trusted), every address that leads into a private network,
 * or travels in the clear, is refused at registration with what is wrong, and nothing is stored.
 */
@IssuerTestContext
class PullUriRegistrationTests {

    static final AtomicInteger issuers = new AtomicInteger();

    static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void refusesAnAddressThatLeadsInsideOrIsNotHttps() throws Exception {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("https://127.0.0.1:8443/pull", "127.0.0.1 is a loopback address");
        refused.put("https://127.9.9.9/pull", "127.9.9.9 is a loopback address");
        refused.put("https://localhost/pull", "localhost leads to a loopback address");
        refused.put("https://[::1]/pull", "::1 is a loopback address");
        refused.put("https://[::ffff:127.0.0.1]/pull", "is a loopback address");
        refused.put("https://[::ffff:a00:1]/pull", "is a private address");
        refused.put("https://[64:ff9b::a9fe:a9fe]/pull", "is a link-local (cloud metadata) address in an IPv6 form");
        refused.put("https://10.1.2.3/pull", "10.1.2.3 is a private address");
        refused.put("https://172.20.0.1/pull", "172.20.0.1 is a private address");
        refused.put("https://192.168.1.10/pull", "192.168.1.10 is a private address");
        refused.put("https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local (cloud metadata)");
        refused.put("https://[fd00:ec2::254]/pull", "is a private (unique local) address");
        refused.put("https://[fe80::1]/pull", "is a link-local address");
        refused.put("https://100.100.100.200/pull", "is a shared (carrier-grade NAT) address");
        refused.put("https://192.0.0.192/pull", "is a reserved address");
        refused.put("https://0.0.0.0/pull", "is an unspecified address");
        refused.put("https://224.0.0.1/pull", "is a multicast address");
        refused.put("http://127.0.0.1:8080/pull", "use https");
        refused.put("http://pull.board.example.in/pull", "use https");
        refused.put("ftp://pull.board.example.in/pull", "an absolute https address");
        refused.put("https://user:secret@pull.board.example.in/pull", "no user name, password");

        for (Map.Entry<String, String> address : refused.entrySet()) {
            TestIssuer issuer = issuer();
            HttpResponse<String> answer = new WebClient(port).postJson("/api/v1/issuers/registrations",
                    issuer.registrationJson("HSCER", address.getKey()));
            assertThat(answer.statusCode()).as(address.getKey()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(json.readTree(answer.body()).get("detail").asString()).as(address.getKey())
                    .startsWith("pullUriUrl: ").contains(address.getValue());
            assertThat(stored(issuer)).as(address.getKey()).isZero();
        }
    }

    @Test
    void refusesSuchAnAddressOnTheRegistrationFormTooAndKeepsTheTickedDetails() throws Exception {
        TestIssuer issuer = issuer();
        WebClient browser = new WebClient(port);
        Map<String, String> fields = new HashMap<>(Map.of("issuerId", issuer.issuerId, "name", "Board of Forms",
                "category", "state", "contactEmail", "it@forms.example.in", "pullUriUrl",
                "https://169.254.169.254/latest/meta-data/", "signingCertificatePem", issuer.keys.certificatePem(),
                "docType0.code", "HSCER", "docType0.name", "Class XII Marksheet", "docType0.parameters",
                "rollno | Roll number | 1234567"));

        HttpResponse<String> page = browser.submit("/issuer/register", "/issuer/register", fields);

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"register-error\"",
                "The Pull URI address 169.254.169.254 leads into a private or reserved network");
        assertThat(stored(issuer)).isZero();

        fields.put("pullUriUrl", "https://pull.forms.example.in/pull");
        fields.put("docType0.residentField.DOB", "yes");
        HttpResponse<String> sent = browser.submit("/issuer/register", "/issuer/register", fields);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("Registration received");
        assertThat(jdbc.sql("select array_to_string(resident_fields, ',') from issuer_doc_type where issuer_id = ?")
                .param(issuer.issuerId).query(String.class).single()).isEqualTo("DOB");
    }

    @Test
    void keepsAPublicHttpsAddressAndTheResidentDetailsEachDocTypeDeclared() throws Exception {
        TestIssuer issuer = issuer();
        String registration = issuer.registrationJson("HSCER", "https://pull.board.example.in/pull", "UID", "DOB");

        assertThat(new WebClient(port).postJson("/api/v1/issuers/registrations", registration).statusCode())
                .isEqualTo(202);
        assertThat(jdbc.sql("select array_to_string(resident_fields, ',') from issuer_doc_type where issuer_id = ?")
                .param(issuer.issuerId).query(String.class).single()).isEqualTo("UID,DOB");

        for (List<String> wrong : List.of(List.of("Aadhaar"), List.of("UID", "UID"))) {
            TestIssuer other = issuer();
            HttpResponse<String> answer = new WebClient(port).postJson("/api/v1/issuers/registrations",
                    other.registrationJson("HSCER", "https://pull.board.example.in/pull", wrong.toArray(String[]::new)));
            assertThat(answer.statusCode()).as(wrong.toString()).isEqualTo(400);
            assertThat(answer.body()).contains("docTypes.residentFields");
            assertThat(stored(other)).isZero();
        }
    }

    private TestIssuer issuer() {
        return new TestIssuer("in.gov.address" + issuers.incrementAndGet(), TestIssuerKeys.generate("Board"));
    }

    private int stored(TestIssuer issuer) {
        return jdbc.sql("select count(*) from issuer_issuer where issuer_id = ?").param(issuer.issuerId)
                .query(Integer.class).single();
    }
}
