package org.tijori.web;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditTrail;
import org.tijori.audit.ChainCheck;
import org.tijori.gateway.TestRequester;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The administrators' overview at {@code /admin}: where they land after signing in, what waits for them, the
 * trail's last check and the last key rotation; for administrators only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + AdministrationPageTests.TOKEN, "tijori.admin.username=" + AdministrationPageTests.ADMIN,
        "tijori.admin.password=" + AdministrationPageTests.PASSWORD, "tijori.issuer.registrations-per-address=1000",
        "tijori.web.trusted-proxies=127.0.0.1, ::1" })
class AdministrationPageTests {

    static final String TOKEN = "administration-page-tests-token-0123456789";

    static final String ADMIN = "overview-admin";

    static final String PASSWORD = "a long and unusual phrase";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    AdministrationController administration;

    @Autowired
    AuditTrail trail;

    @Test
    void anAdministratorLandsOnWhatWaitsForThemAndTheStateOfTheTrailAndKeys() throws Exception {
        for (int i = 0; i < 2; i++) {
            TestIssuer waiting = new TestIssuer("in.gov.overview" + i + (System.nanoTime() % 10_000),
                    TestIssuerKeys.generate("Waiting " + i));
            assertThat(new WebClient(port).postJson("/api/v1/issuers/registrations", waiting.registrationJson("HSCER"))
                    .statusCode()).isEqualTo(202);
        }
        TestRequester.named("Waiting bank").register(new WebClient(port));
        long issuersWaiting = count("select count(*) from issuer_issuer where status = 'PENDING'");
        long requestersWaiting = count("select count(*) from gateway_requester where status = 'PENDING'");
        assertThat(issuersWaiting).isGreaterThanOrEqualTo(2);
        assertThat(requestersWaiting).isGreaterThanOrEqualTo(1);

        WebClient admin = new WebClient(port);
        HttpResponse<String> signedIn = admin.signIn(ADMIN, PASSWORD);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/admin"));

        HttpResponse<String> overview = admin.get("/admin");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body())
                .containsPattern("id=\"admin-issuers-waiting\" href=\"/admin/issuers\">Issuers waiting for approval: "
                        + issuersWaiting + "<")
                .containsPattern("id=\"admin-requesters-waiting\" href=\"/admin/requesters\">Requesters waiting for "
                        + "approval: " + requestersWaiting + "<")
                .contains("Not checked since this server started", "No key rotation has run");
        assertThat(admin.get("/").body()).as("the home page leads an administrator to the overview")
                .contains("id=\"home-admin\" href=\"/admin\"").doesNotContain("id=\"home-dashboard\"");

        HttpResponse<String> checked = admin.submit("/admin", "/admin/audit/verify", Map.of());
        assertThat(checked.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/admin?checked"));
        assertThat(admin.get("/admin").body()).containsPattern("Intact: [0-9,]+ entries checked, \\d\\d-\\d\\d-\\d{4} ")
                .doesNotContain("Not checked since");

        HttpResponse<String> rotation = admin.post("/api/v1/admin/storage/key-rotations", "application/json",
                new byte[0], "Authorization", "Bearer " + TOKEN);
        assertThat(rotation.statusCode()).isEqualTo(202);
        await().untilAsserted(() -> assertThat(admin.get("/admin").body())
                .containsPattern("Done: (\\d+) of \\1 data keys and secrets re-wrapped; started "));

        assertThat(admin.get("/admin?lang=hi").body()).contains("स्वीकृति की प्रतीक्षा में जारीकर्ता: " + issuersWaiting,
                "सुरक्षित:");

        // A check reads the whole chain: pressed while one runs, it starts no second one.
        ChainCheck before = trail.lastCheck().orElseThrow();
        administration.checking.set(true);
        try {
            HttpResponse<String> pressed = admin.submit("/admin", "/admin/audit/verify", Map.of());
            assertThat(pressed.headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/admin?checking"));
            assertThat(trail.lastCheck()).as("no second check ran").contains(before);
            assertThat(admin.get("/admin?checking&lang=en").body()).contains("A check started earlier is still running");
            assertThat(admin.get("/admin?checking&lang=hi").body()).contains("पहले शुरू हुई जाँच अभी चल रही है");
        }
        finally {
            administration.checking.set(false);
        }
    }

    @Test
    void onlyAdministratorsMayOpenItOrCheckTheTrail() throws Exception {
        WebClient stranger = new WebClient(port);
        assertThat(stranger.get("/admin").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
        assertThat(stranger.submit("/login", "/admin/audit/verify", Map.of()).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));

        String username = "overview-resident" + (System.nanoTime() % 100_000);
        accounts.signUp(new MobileNumber(String.valueOf(6_200_000_000L + System.nanoTime() % 10_000_000)), username,
                PASSWORD);
        WebClient resident = new WebClient(port);
        assertThat(resident.signIn(username, PASSWORD).headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/dashboard"));
        assertThat(resident.get("/admin").statusCode()).isEqualTo(403);
        assertThat(resident.submit("/dashboard", "/admin/audit/verify", Map.of()).statusCode()).isEqualTo(403);
        assertThat(resident.get("/").body()).contains("id=\"home-dashboard\" href=\"/dashboard\"")
                .doesNotContain("href=\"/admin\"");
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
