package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.NationalIdLinks;
import org.tijori.identity.TestRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DigiLocker's partner sign-up over HTTP (ADR 23, #20 and #21): a requester allowed to open lockers sends a
 * resident's national-ID details and mobile number, the resident's OTP opens a locker (with the national ID linked
 * when the registry holds that very number for it), and the answered tokens reach the partner operations. Every
 * refusal on the way, and the limits per client.
 */
@PartnerTestContext
@TestPropertySource(properties = { "tijori.gateway.demo-auth-failures-per-client=" + PartnerSignUpTests.FAILURES,
        "tijori.gateway.sign-ups-per-client=" + PartnerSignUpTests.SIGN_UPS })
class PartnerSignUpTests {

    static final int FAILURES = 3;

    static final int SIGN_UPS = 6;

    static final int PEOPLE = 40;

    static final List<String> uids = new ArrayList<>();

    static final List<String> mobiles = new ArrayList<>();

    static final AtomicInteger nextPerson = new AtomicInteger();

    static final AtomicLong otherMobiles = new AtomicLong(9_100_000_000L + (System.nanoTime() % 1_000_000) * 100);

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry registry) throws Exception {
        TestRegistry people = TestRegistry.write(PEOPLE, System.nanoTime());
        uids.addAll(people.uids());
        mobiles.addAll(people.mobiles());
        registry.add("tijori.identity.registry-file", people.file()::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    StateDirectory state;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    NationalIdLinks links;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void theResidentsOtpOpensALockerWithTheNationalIdLinkedAndTheTokensWork() throws Exception {
        TestRequester requester = maySignUp(true);
        int person = nextPerson.getAndIncrement();
        String mobile = mobiles.get(person);

        HttpResponse<String> started = post("/public/signup/2/demoauth", FormCredentials.form(requester,
                details(person, mobile)));

        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json.readTree(started.body()).get("mobile").asString()).isEqualTo("******" + mobile.substring(6));
        String otp = outbox().lastOtpFor(mobile).orElseThrow();

        HttpResponse<String> verified = post("/public/signup/1/demoauthverify", FormCredentials.form(requester,
                Map.of("mobile", mobile, "otp", otp)));

        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        JsonNode tokens = json.readTree(verified.body());
        assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_in").isString()).as("the reference file's string").isTrue();
        assertThat(Long.parseLong(tokens.get("expires_in").asString())).isBetween(3500L, 3600L);
        assertThat(tokens.get("scope").asString()).contains("userdetails");
        assertThat(tokens.get("refresh_token").asString()).isNotBlank();
        ResidentAccount account = accounts.findByMobile(new MobileNumber(mobile)).orElseThrow();
        assertThat(links.linkOf(account.id())).as("the registry holds this number for the ID")
                .hasValueSatisfying(link -> assertThat(link.lastFour()).isEqualTo(uids.get(person).substring(8)));
        assertThat(jdbc.sql("select grant_kind from gateway_consent where account_id = ?").param(account.id().value())
                .query(String.class).single()).isEqualTo("SIGN_UP");
        assertThat(jdbc.sql("select count(*) from gateway_pending_signup where mobile = ?").param(mobile)
                .query(Long.class).single()).isZero();

        HttpResponse<String> user = http().get("/public/oauth2/1/user", "Authorization",
                "Bearer " + tokens.get("access_token").asString(), "X-Forwarded-For", TestRequester.newAddress());
        assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
        JsonNode profile = json.readTree(user.body());
        assertThat(profile.get("digilockerid").asString()).isEqualTo(account.lockerId().toString());
        assertThat(profile.get("name").asString()).isEqualTo("Person " + person);

        assertError(post("/public/signup/1/demoauthverify", FormCredentials.form(requester, Map.of("mobile", mobile,
                "otp", otp))), 400, "invalid_otp", "No sign-up is waiting");
    }

    @Test
    void aNumberTheRegistryDoesNotHoldForTheIdOpensALockerWithoutTheLink() throws Exception {
        TestRequester requester = maySignUp(true);
        int person = nextPerson.getAndIncrement();
        String mobile = otherMobile();

        assertThat(post("/public/signup/2/demoauth", FormCredentials.form(requester, details(person, mobile)))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> verified = post("/public/signup/1/demoauthverify", FormCredentials.form(requester,
                Map.of("mobile", mobile, "otp", outbox().lastOtpFor(mobile).orElseThrow())));

        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        ResidentAccount account = accounts.findByMobile(new MobileNumber(mobile)).orElseThrow();
        assertThat(links.linkOf(account.id())).as("the OTP proved another number than the registry's").isEmpty();
        assertThat(links.accountOf(new org.tijori.identity.NationalId(uids.get(person)))).isEmpty();
    }

    @Test
    void detailsTheRegistryDoesNotHoldAreAnAuthFailureAndNoCodeIsSent() throws Exception {
        TestRequester requester = maySignUp(true);
        int person = nextPerson.getAndIncrement();
        String mobile = otherMobile();
        Map<String, String> wrongName = details(person, mobile);
        wrongName.put("name", "Someone Else");

        assertError(post("/public/signup/2/demoauth", FormCredentials.form(requester, wrongName)), 400,
                "auth_failure", "demographic authentication failure");
        Map<String, String> wrongDob = details(person, mobile);
        wrongDob.put("dob", "02021990");
        assertError(post("/public/signup/2/demoauth", FormCredentials.form(requester, wrongDob)), 400,
                "auth_failure", "does not match");

        assertThat(outbox().messagesTo(mobile)).isEmpty();
        assertThat(jdbc.sql("select count(*) from gateway_pending_signup where mobile = ?").param(mobile)
                .query(Long.class).single()).isZero();
        // Names match whatever their case and spacing.
        Map<String, String> spaced = details(person, mobile);
        spaced.put("name", "  person   " + person + " ");
        assertThat(post("/public/signup/2/demoauth", FormCredentials.form(requester, spaced)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aNumberWithALockerIsRefused() throws Exception {
        TestRequester requester = maySignUp(true);
        String mobile = otherMobile();
        accounts.signUp(new MobileNumber(mobile), "signup" + mobile.substring(4), GrantedAccess.PASSWORD);

        assertError(post("/public/signup/2/demoauth", FormCredentials.form(requester,
                details(nextPerson.getAndIncrement(), mobile))), 400, "mobile_exists", "already exists");
        assertThat(outbox().messagesTo(mobile)).isEmpty();
    }

    @Test
    void eachMissingOrWrongFieldIsNamed() throws Exception {
        TestRequester requester = maySignUp(true);
        int person = nextPerson.getAndIncrement();
        Map<String, String> fields = Map.of("uid", "123412341234", "name", " ", "dob", "31021990", "gender", "X",
                "mobile", "12345", "verification", "N", "demoauth", "N", "consent", "N");
        HttpResponse<String> refused = post("/public/signup/2/demoauth", FormCredentials.form(requester, fields));

        assertError(refused, 400, "invalid_parameter", "uid parameter");
        assertThat(json.readTree(refused.body()).get("error_description").asString()).contains("Name parameter",
                "Dob parameter", "Gender parameter", "Mobile parameter", "Verification parameter", "Consent parameter");
        Map<String, String> noConsent = details(person, otherMobile());
        noConsent.remove("consent");
        assertError(post("/public/signup/2/demoauth", FormCredentials.form(requester, noConsent)), 400,
                "invalid_parameter", "Consent parameter");
    }

    @Test
    void theVerificationRefusesAWrongHmacAStaleTsAMissingFieldAndAWrongOtp() throws Exception {
        TestRequester requester = maySignUp(true);
        int person = nextPerson.getAndIncrement();
        String mobile = otherMobile();
        assertThat(post("/public/signup/2/demoauth", FormCredentials.form(requester, details(person, mobile)))
                .statusCode()).isEqualTo(200);
        String otp = outbox().lastOtpFor(mobile).orElseThrow();

        assertError(post("/public/signup/1/demoauthverify", FormCredentials.form(requester.clientId, "wrong secret",
                FormCredentials.ts(), Map.of("mobile", mobile, "otp", otp))), 400, "hmac_mismatch", "HMAC");
        String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(31)).getEpochSecond());
        assertError(post("/public/signup/1/demoauthverify", FormCredentials.form(requester.clientId,
                requester.clientSecret, stale, Map.of("mobile", mobile, "otp", otp))), 400, "invalid_ts",
                "Timestamp");
        assertError(post("/public/signup/1/demoauthverify", FormCredentials.form(requester, Map.of("mobile",
                mobile))), 400, "parameter_missing", "otp");
        String wrong = otp.equals("000000") ? "111111" : "000000";
        assertError(post("/public/signup/1/demoauthverify", FormCredentials.form(requester, Map.of("mobile", mobile,
                "otp", wrong))), 400, "invalid_otp", "4 tries left");
        assertThat(accounts.findByMobile(new MobileNumber(mobile))).isEmpty();

        assertThat(post("/public/signup/1/demoauthverify", FormCredentials.form(requester, Map.of("mobile", mobile,
                "otp", otp))).statusCode()).as("the right code still opens it").isEqualTo(200);
        // The demoauth operation answers the reference file's codes for its credential.
        assertError(post("/public/signup/2/demoauth", FormCredentials.form(requester.clientId, "wrong secret",
                FormCredentials.ts(), details(person, otherMobile()))), 400, "invalid_parameter", "HMAC");
    }

    @Test
    void aRequesterNotAllowedToOpenLockersIsRefused() throws Exception {
        TestRequester requester = maySignUp(false);
        String mobile = otherMobile();

        assertError(post("/public/signup/2/demoauth", FormCredentials.form(requester,
                details(nextPerson.getAndIncrement(), mobile))), 401, "invalid_client_id", "may not sign");
        assertError(post("/public/signup/1/demoauthverify", FormCredentials.form(requester, Map.of("mobile", mobile,
                "otp", "123456"))), 401, "invalid_client_id", "may not sign");
        assertThat(outbox().messagesTo(mobile)).isEmpty();
    }

    @Test
    void failedDemographicAuthenticationsAreLimitedPerClient() throws Exception {
        TestRequester requester = maySignUp(true);
        int person = nextPerson.getAndIncrement();
        Map<String, String> wrong = details(person, otherMobile());
        wrong.put("gender", "M");
        for (int i = 0; i < FAILURES; i++) {
            assertError(post("/public/signup/2/demoauth", FormCredentials.form(requester, wrong)), 400,
                    "auth_failure", "does not match");
        }

        HttpResponse<String> limited = post("/public/signup/2/demoauth", FormCredentials.form(requester,
                details(person, otherMobile())));
        assertError(limited, 429, "too_many_requests", "demographic");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        TestRequester other = maySignUp(true);
        assertThat(post("/public/signup/2/demoauth", FormCredentials.form(other, details(person, otherMobile())))
                .statusCode()).as("another client is not affected").isEqualTo(200);
    }

    @Test
    void signUpsAreLimitedPerClient() throws Exception {
        TestRequester requester = maySignUp(true);
        for (int i = 0; i < SIGN_UPS; i++) {
            HttpResponse<String> started = post("/public/signup/2/demoauth", FormCredentials.form(requester,
                    details(nextPerson.getAndIncrement(), otherMobile())));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        }

        assertError(post("/public/signup/2/demoauth", FormCredentials.form(requester,
                details(nextPerson.getAndIncrement(), otherMobile()))), 429, "too_many_requests", "sign-ups");
    }

    TestRequester maySignUp(boolean allowed) throws Exception {
        TestRequester requester = TestRequester.named("Bank sign-ups").register(http());
        HttpResponse<String> approved = http().postJson("/api/v1/admin/requesters/" + requester.id + "/approve",
                "{\"kind\":\"WEB\",\"maySignUp\":" + allowed + "}", "Authorization",
                "Bearer " + PartnerTestContext.TOKEN);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        Map<String, Object> credentials = com.nimbusds.jose.util.JSONObjectUtils.parse(approved.body());
        requester.clientId = (String) credentials.get("clientId");
        requester.clientSecret = (String) credentials.get("clientSecret");
        return requester;
    }

    /** Person {@code n} of the registry as the requester's form sends them, with {@code mobile}. */
    static Map<String, String> details(int n, String mobile) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("uid", uids.get(n));
        fields.put("name", "Person " + n);
        fields.put("dob", String.format("%02d", n % 28 + 1) + "011990");
        fields.put("gender", "F");
        fields.put("mobile", mobile);
        fields.put("consent", "Y");
        fields.put("verification", "Y");
        fields.put("demoauth", "Y");
        return fields;
    }

    static String otherMobile() {
        return String.valueOf(otherMobiles.incrementAndGet());
    }

    SmsOutbox outbox() {
        return SmsOutbox.of(state.root());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return http().postForm(path, new HashMap<>(form), "X-Forwarded-For", TestRequester.newAddress());
    }

    static void assertError(HttpResponse<String> answer, int status, String error, String describedBy)
            throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("error").asString()).isEqualTo(error);
        assertThat(body.get("error_description").asString()).contains(describedBy);
    }
}
