package org.tijori.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tijori.WebClient;
import org.tijori.audit.AuditTrail;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.username=admin", "tijori.admin.password=correct-horse-battery",
        "tijori.admin.bootstrap-token=test-bootstrap-token-0123456789" })
@Import(WebFoundationTests.FailingControllers.class)
@ExtendWith(OutputCaptureExtension.class)
class WebFoundationTests {

    static final String TOKEN = "test-bootstrap-token-0123456789";

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail trail;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void servesTheHomePageWithStrictSecurityHeaders() throws Exception {
        HttpResponse<String> home = http().get("/");

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("<h1").containsPattern("src=\"/webjars/htmx.org/[0-9.]+/dist/htmx.min.js\"");
        String policy = home.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(home.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(home.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(home.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(home.headers().firstValue("Permissions-Policy")).hasValueSatisfying(
                value -> assertThat(value).contains("camera=()"));
        assertThat(home.body()).doesNotContainPattern("<script>[^<]")
                .doesNotContainPattern("\\son[a-z]+=\"")
                .doesNotContain("style=\"");
    }

    @Test
    void aRequestTheFirewallRefusesIsAnsweredInItsPathsShapeNotWithAnEmptyBody() throws Exception {
        HttpResponse<String> partner = http().get("/public/oauth2/1/user;jsessionid=x");
        assertThat(partner.statusCode()).isEqualTo(400);
        assertThat(partner.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(partner.body()).contains("\"error\":\"invalid_request\"", "characters that are not allowed")
                .doesNotContain("jsessionid");

        HttpResponse<String> api = http().get("/api/v1/locker/documents;x=1");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(api.body()).contains("https://tijori.org/problems/rejected-request");
    }

    @Test
    void servesItsOwnScriptsAndStylesWithoutACdn() throws Exception {
        var http = http();
        assertThat(http.get("/webjars/htmx.org/dist/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(http.get("/css/tijori.css").statusCode()).isEqualTo(200);
        assertThat(http.get("/js/tijori.js").statusCode()).isEqualTo(200);
        assertThat(http.get("/").body()).doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    @Test
    void givesEveryResponseARequestId() throws Exception {
        var http = http();
        assertThat(http.get("/").headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f-]{36}"));
        assertThat(http.get("/", "X-Request-Id", "proxy-id-12345").headers().firstValue("X-Request-Id"))
                .hasValue("proxy-id-12345");
        assertThat(http.get("/", "X-Request-Id", "<script>alert(1)</script>").headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }

    @Test
    void answersUnknownApiPathsWithProblemDetails() throws Exception {
        HttpResponse<String> missing = http().get("/api/v1/no-such-thing", "Authorization", "Bearer " + TOKEN);

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        String requestId = missing.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(missing.body()).contains("\"status\":404", "\"type\":\"https://tijori.org/problems/not-found\"",
                "\"instance\":\"/api/v1/no-such-thing\"", "\"requestId\":\"" + requestId + "\"");
    }

    @Test
    void refusesTheAdminApiWithoutCredentials() throws Exception {
        HttpResponse<String> refused = http().get("/api/v1/admin/audit/verify");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"type\":\"https://tijori.org/problems/unauthenticated\"");
    }

    @Test
    void refusesAWrongBootstrapToken() throws Exception {
        HttpResponse<String> refused = http().get("/api/v1/admin/audit/verify", "Authorization", "Bearer not-it");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("invalid-token");
    }

    @Test
    void acceptsTheBootstrapTokenOnTheAdminApi() throws Exception {
        HttpResponse<String> verified = http().get("/api/v1/admin/audit/verify", "Authorization", "Bearer " + TOKEN);

        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).contains("\"intact\":true");
    }

    @Test
    void anAdministratorSessionReachesTheAdminApiButCannotPostWithoutCsrf() throws Exception {
        var http = http();
        HttpResponse<String> signedIn = http.signIn("admin", "correct-horse-battery");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).doesNotContain("error"));

        assertThat(http.get("/api/v1/admin/audit/verify").statusCode()).isEqualTo(200);
        HttpResponse<String> forged = http.postJson("/api/v1/admin/audit/verify", "{}");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("\"status\":403");
    }

    @Test
    void signingInRotatesTheSessionAndLandsInTheTrail() throws Exception {
        var http = http();
        http.get("/login");
        String before = http.cookie("SESSION");

        http.signIn("admin", "correct-horse-battery");

        assertThat(http.cookie("SESSION")).isNotNull().isNotEqualTo(before);
        assertThat(http.get("/").body()).contains("admin");
        await().untilAsserted(() -> assertThat(trail.activityOf("admin", 50))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("account.SignedIn")));
    }

    @Test
    void aWrongPasswordGetsTheSameAnswerAsAnUnknownUserAndIsAudited() throws Exception {
        HttpResponse<String> wrongPassword = http().signIn("admin", "not-the-password");
        HttpResponse<String> unknownUser = http().signIn("nobody-at-all", "not-the-password");

        assertThat(wrongPassword.statusCode()).isEqualTo(302);
        assertThat(wrongPassword.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login?error"));
        assertThat(unknownUser.headers().firstValue("Location")).isEqualTo(
                wrongPassword.headers().firstValue("Location"));
        await().untilAsserted(() -> assertThat(trail.about("nobody-at-all", 10))
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo("account.SignInFailed");
                    assertThat(entry.actor().type()).isEqualTo("ANONYMOUS");
                    assertThat(entry.ip()).isNotBlank();
                }));
    }

    @Test
    void pagesNeedSignInAndSayWhereToSignIn() throws Exception {
        HttpResponse<String> dashboard = http().get("/dashboard");

        assertThat(dashboard.statusCode()).isEqualTo(302);
        assertThat(dashboard.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void aSignedInPersonGetsAFriendlyNotFoundPage() throws Exception {
        var http = http();
        http.signIn("admin", "correct-horse-battery");

        HttpResponse<String> missing = http.get("/no-such-page", "Accept", "text/html");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(missing.body()).contains(missing.headers().firstValue("X-Request-Id").orElseThrow())
                .doesNotContain("Whitelabel").doesNotContain("Exception");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedWithAFriendlyPage() throws Exception {
        var http = http();
        http.signIn("admin", "correct-horse-battery");

        HttpResponse<String> forged = http.postForm("/logout", Map.of(), "Accept", "text/html");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("<h1").contains(forged.headers().firstValue("X-Request-Id").orElseThrow())
                .doesNotContain("Exception");
        assertThat(http.get("/").body()).as("still signed in").contains("admin");
    }

    @Test
    void anyOtherErrorStatusGetsTheGenericPage() throws Exception {
        var http = http();
        String csrf = WebClient.csrfTokenOf(http.get("/login").body());

        HttpResponse<String> refused = http.postForm("/", Map.of("_csrf", csrf), "Accept", "text/html");

        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(refused.body()).contains("The server answered with status 405.")
                .contains(refused.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void anUnexpectedPageFailureShowsAReferenceAndLogsItOnce(CapturedOutput output) throws Exception {
        var http = http();
        http.signIn("admin", "correct-horse-battery");

        HttpResponse<String> failed = http.get("/test/failing-page", "Accept", "text/html");

        String requestId = failed.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains(requestId).doesNotContain("secret detail").doesNotContain("at org.");
        assertThat(output.getAll()).containsOnlyOnce("secret detail of page")
                .containsPattern("\\[" + requestId + "\\].*Unexpected error while answering GET /test/failing-page");
    }

    @Test
    void anUnexpectedApiFailureIsAProblemWithoutItsCause() throws Exception {
        HttpResponse<String> failed = http().get("/api/v1/test/failing", "Authorization", "Bearer " + TOKEN);

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("\"type\":\"https://tijori.org/problems/internal-error\"",
                "\"requestId\":\"" + failed.headers().firstValue("X-Request-Id").orElseThrow() + "\"")
                .doesNotContain("secret detail");
    }

    @Test
    void badJsonGetsABadRequestThatSaysWhatWasWrong() throws Exception {
        var http = http();
        HttpResponse<String> malformed = http.postJson("/api/v1/test/echo", "{not json",
                "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> invalid = http.postJson("/api/v1/test/echo", "{\"name\": \"\"}",
                "Authorization", "Bearer " + TOKEN);

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"status\":400", "requestId");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("\"status\":400", "Invalid request content");
    }

    @Test
    void healthIsOpenButMetricsAreForAdministrators() throws Exception {
        var http = http();
        assertThat(http.get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"", "\"db\"");
        assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = http.get("/actuator/prometheus", "Authorization", "Bearer " + TOKEN);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("tijori_audit_entries_recorded_total", "jvm_memory_used_bytes");
    }

    @Test
    void apiDescriptionAndSwaggerUiAreOpen() throws Exception {
        var http = http();
        HttpResponse<String> description = http.get("/v3/api-docs");
        assertThat(description.statusCode()).isEqualTo(200);
        assertThat(description.body()).contains("Tijori API", "/api/v1/admin/audit/verify");
        assertThat(http.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    @Test
    void digiLockerPathsAnswerDigiLockersErrorBodyNotAProblem() throws Exception {
        var http = http();
        // The authorization server's endpoints not published (ADR 23); the authorization endpoint itself is live.
        HttpResponse<String> gateway = http.get("/public/oauth2/introspect");
        HttpResponse<String> unknown = http.get("/public/no-such-thing", "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> refused = http.get("/public/no-such-thing");

        assertThat(List.of(gateway, unknown, refused)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.uri().getPath()).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(answer.body()).as(answer.uri().getPath()).startsWith("{\"error\":\"not_found\",")
                    .contains("\"error_description\":").doesNotContain("\"type\"", "not enabled yet");
        });
    }

    @Test
    void theGatewaysPagesAreOpenedOnPurpose() throws Exception {
        var http = http();
        assertThat(http.get("/requester").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/requester/login"));
        assertThat(http.get("/consent").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
        assertThat(http.get("/profile/apps").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
        assertThat(http.get("/requester/register").statusCode()).as("open, whether built or not").isNotIn(302, 401,
                403);
        assertThat(http.get("/").body()).contains("href=\"/requester/register\"");
        assertThat(http().postJson("/api/v1/requesters/registrations", "{}").statusCode())
                .as("open without a session, whether built or not").isNotIn(401, 403);
    }

    @Test
    void switchesLanguageAndRemembersIt() throws Exception {
        var http = http();
        HttpResponse<String> hindi = http.get("/?lang=hi");
        assertThat(hindi.body()).contains("lang=\"hi\"");
        assertThat(http.get("/login").body()).contains("lang=\"hi\"");
        assertThat(http.get("/?lang=fr").body()).contains("lang=\"en\"");
    }

    @TestConfiguration
    static class FailingControllers {

        @Controller
        static class FailingPageController {

            @GetMapping("/test/failing-page")
            String fail() {
                throw new IllegalStateException("secret detail of page");
            }
        }

        @RestController
        static class FailingApiController {

            @GetMapping("/api/v1/test/failing")
            String fail() {
                throw new IllegalStateException("secret detail of api");
            }

            @PostMapping("/api/v1/test/echo")
            Named echo(@Valid @RequestBody Named body) {
                return body;
            }
        }

        record Named(@NotBlank String name) {
        }
    }
}
