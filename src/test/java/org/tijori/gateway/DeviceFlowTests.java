package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.token.Authorizations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DigiLocker's device flow over HTTP (ADR 23, #4 and the device grant of #15): a device client names itself by its
 * client ID, asks for a device code for a resident's mobile number or username, the resident's OTP goes by SMS, and
 * the device exchanges the code and the OTP for an access token (no refresh token) that reaches the partner
 * operations. Wrong OTPs and their tries, an unknown username or number answered alike with nothing sent, web clients
 * and unknown clients refused, DigiLocker's parameter errors, and the limit of device codes per client.
 */
@RequesterTestContext
@TestPropertySource(properties = "tijori.gateway.device-codes-per-client=" + DeviceFlowTests.CODES_PER_CLIENT)
class DeviceFlowTests {

    static final int CODES_PER_CLIENT = 8;

    static final String CODE = "/public/oauth2/1/code";

    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    static final JsonMapper json = JsonMapper.builder().build();

    static final AtomicLong strangers = new AtomicLong(System.nanoTime() % 1_000_000 * 100);

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    Consents consents;

    @Autowired
    Authorizations authorizations;

    @Autowired
    StateDirectory state;

    @Autowired
    JdbcClient jdbc;

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void aDeviceGetsATokenByTheResidentsMobileAndOtpWithoutARefreshToken() throws Exception {
        TestRequester device = device();
        ResidentAccount resident = resident();
        String mobile = resident.mobile().value();

        HttpResponse<String> asked = post(CODE, Map.of("client_id", device.clientId, "dl_mobile", mobile,
                "response_type", "device_code"));

        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        JsonNode code = json.readTree(asked.body());
        assertThat(code.get("dl_masked_mobile").asString()).isEqualTo("******" + mobile.substring(6));
        assertThat(code.get("dl_masked_email").asString()).isEmpty();
        assertThat(code.get("expires_in").asLong()).isBetween(590L, 600L);
        assertThat(code.get("device_code").asString()).as("32 random bytes, base64url").matches("[A-Za-z0-9_-]{43}");
        String otp = outbox().lastOtpFor(mobile).orElseThrow();
        var sent = outbox().messagesTo(mobile);
        assertThat(sent.get(sent.size() - 1).text()).contains("let an app on a device open your locker");

        HttpResponse<String> token = post(PartnerClient.TOKEN, Map.of("grant_type", DEVICE_GRANT, "client_id",
                device.clientId, "device_code", code.get("device_code").asString(), "dl_otp", otp));

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode tokens = json.readTree(token.body());
        assertThat(tokens.has("refresh_token")).as("a device gets no refresh token").isFalse();
        assertThat(tokens.get("digilockerid").asString()).isEqualTo(resident.lockerId().toString());
        HttpResponse<String> user = http().get("/public/oauth2/1/user", "Authorization",
                "Bearer " + tokens.get("access_token").asString());
        assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
        assertThat(json.readTree(user.body()).get("digilockerid").asString())
                .isEqualTo(resident.lockerId().toString());
        Map<String, Object> consent = jdbc.sql("select grant_kind, granted_at, expires_at from gateway_consent "
                + "where account_id = ?").param(resident.id().value()).query().singleRow();
        assertThat(consent.get("grant_kind")).isEqualTo("DEVICE");
        assertThat(Duration.between(((java.sql.Timestamp) consent.get("granted_at")).toInstant(),
                ((java.sql.Timestamp) consent.get("expires_at")).toInstant())).isEqualTo(Duration.ofDays(1));

        HttpResponse<String> again = post(PartnerClient.TOKEN, Map.of("grant_type", DEVICE_GRANT, "client_id",
                device.clientId, "device_code", code.get("device_code").asString(), "dl_otp", otp));
        assertError(again, 400, "invalid_grant");
    }

    @Test
    void aDeviceAsksByUsernameInJson() throws Exception {
        TestRequester device = device();
        ResidentAccount resident = resident();

        HttpResponse<String> asked = http().postJson(CODE, "{\"client_id\":\"" + device.clientId
                + "\",\"dl_username\":\"" + resident.username().toUpperCase() + "\",\"response_type\":\"device_code\"}",
                "X-Forwarded-For", TestRequester.newAddress());

        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        String otp = outbox().lastOtpFor(resident.mobile().value()).orElseThrow();
        HttpResponse<String> token = http().postJson(PartnerClient.TOKEN, "{\"grant_type\":\"" + DEVICE_GRANT
                + "\",\"client_id\":\"" + device.clientId + "\",\"device_code\":\""
                + json.readTree(asked.body()).get("device_code").asString() + "\",\"dl_otp\":\"" + otp + "\"}",
                "X-Forwarded-For", TestRequester.newAddress());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    }

    @Test
    void aWrongOtpTellsTheTriesLeftAndTheFifthEndsTheCode() throws Exception {
        TestRequester device = device();
        ResidentAccount resident = resident();
        String deviceCode = deviceCode(device, "dl_mobile", resident.mobile().value());
        String otp = outbox().lastOtpFor(resident.mobile().value()).orElseThrow();
        String wrong = otp.equals("000000") ? "111111" : "000000";

        for (int left = 4; left > 0; left--) {
            assertError(exchange(device, deviceCode, wrong), 400, "invalid_grant").contains(left + " tries left");
        }
        assertError(exchange(device, deviceCode, wrong), 400, "expired_token");
        assertError(exchange(device, deviceCode, otp), 400, "expired_token");
        assertThat(jdbc.sql("select count(*) from gateway_consent where account_id = ?")
                .param(resident.id().value()).query(Long.class).single()).isZero();
    }

    @Test
    void anUnknownUsernameOrNumberIsAnsweredAlikeAndNothingIsSent() throws Exception {
        TestRequester device = device();
        int before = outbox().messages().size();
        String username = "nobody" + strangers.incrementAndGet();
        String number = String.valueOf(9_600_000_000L + strangers.incrementAndGet());

        HttpResponse<String> byName = post(CODE, Map.of("client_id", device.clientId, "dl_username", username,
                "response_type", "device_code"));
        HttpResponse<String> byNumber = post(CODE, Map.of("client_id", device.clientId, "dl_mobile", number,
                "response_type", "device_code"));

        for (HttpResponse<String> answer : java.util.List.of(byName, byNumber)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode code = json.readTree(answer.body());
            assertThat(code.propertyNames()).containsExactly("device_code", "dl_masked_mobile", "dl_masked_email",
                    "expires_in");
            assertThat(code.get("dl_masked_mobile").asString()).matches("\\*{6}[0-9]{4}");
        }
        assertThat(json.readTree(byNumber.body()).get("dl_masked_mobile").asString()).endsWith(number.substring(6));
        assertThat(outbox().messages()).as("no SMS to anyone").hasSize(before);
        String again = json.readTree(post(CODE, Map.of("client_id", device.clientId, "dl_username", username,
                "response_type", "device_code")).body()).get("dl_masked_mobile").asString();
        assertThat(again).as("one stand-in per username").isEqualTo(json.readTree(byName.body())
                .get("dl_masked_mobile").asString());
        assertError(exchange(device, json.readTree(byName.body()).get("device_code").asString(), "123456"), 400,
                "invalid_grant").contains("4 tries left");
    }

    @Test
    void webClientsAndUnknownClientsAreRefused() throws Exception {
        TestRequester web = TestRequester.approved(http(), RequesterTestContext.TOKEN);
        ResidentAccount resident = resident();
        int before = outbox().messages().size();

        assertError(post(CODE, Map.of("client_id", web.clientId, "dl_mobile", resident.mobile().value(),
                "response_type", "device_code")), 401, "invalid_client_id");
        assertError(post(CODE, Map.of("client_id", "NOSUCHCLNT", "dl_mobile", resident.mobile().value(),
                "response_type", "device_code")), 401, "invalid_client_id");
        assertError(post(CODE, Map.of("dl_mobile", resident.mobile().value(), "response_type", "device_code")),
                401, "invalid_client_id");
        assertThat(outbox().messages()).hasSize(before);

        TestRequester device = device();
        String deviceCode = deviceCode(device, "dl_mobile", resident.mobile().value());
        String otp = outbox().lastOtpFor(resident.mobile().value()).orElseThrow();
        assertError(exchange(device(), deviceCode, otp), 400, "invalid_grant");
        assertError(exchange(device, deviceCode, otp), 400, "expired_token")
                .as("another client's try ends the code, as Spring's device code provider does").contains("ended");
    }

    @Test
    void digiLockersParameterErrors() throws Exception {
        TestRequester device = device();
        ResidentAccount resident = resident();

        assertError(post(CODE, Map.of("client_id", device.clientId, "dl_mobile", resident.mobile().value(),
                "response_type", "code")), 400, "invalid_response_type");
        assertError(post(CODE, Map.of("client_id", device.clientId, "dl_mobile", "12345",
                "response_type", "device_code")), 400, "invalid_mobile");
        assertError(post(CODE, Map.of("client_id", device.clientId, "response_type", "device_code")), 400,
                "invalid_username");
        assertError(post(CODE, Map.of("client_id", device.clientId, "dl_username", "a b",
                "response_type", "device_code")), 400, "invalid_username");
        String deviceCode = deviceCode(device, "dl_mobile", resident.mobile().value());
        assertError(post(PartnerClient.TOKEN, Map.of("grant_type", DEVICE_GRANT, "client_id", device.clientId,
                "device_code", deviceCode)), 400, "invalid_request").contains("dl_otp");
    }

    @Test
    void deviceCodesAreLimitedPerClient() throws Exception {
        TestRequester device = device();
        for (int i = 0; i < CODES_PER_CLIENT; i++) {
            HttpResponse<String> asked = post(CODE, Map.of("client_id", device.clientId, "dl_username",
                    "nobody" + strangers.incrementAndGet(), "response_type", "device_code"));
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        }

        HttpResponse<String> limited = post(CODE, Map.of("client_id", device.clientId, "dl_username",
                "nobody" + strangers.incrementAndGet(), "response_type", "device_code"));
        assertError(limited, 429, "too_many_requests");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(post(CODE, Map.of("client_id", device().clientId, "dl_username",
                "nobody" + strangers.incrementAndGet(), "response_type", "device_code")).statusCode())
                .as("another client is not affected").isEqualTo(200);
    }

    TestRequester device() throws Exception {
        return TestRequester.named("Set-top box").register(http()).approve(http(), RequesterTestContext.TOKEN,
                "DEVICE");
    }

    ResidentAccount resident() {
        return new GrantedAccess(accounts, consents, authorizations).newResident();
    }

    String deviceCode(TestRequester device, String field, String value) throws Exception {
        HttpResponse<String> asked = post(CODE, Map.of("client_id", device.clientId, field, value, "response_type",
                "device_code"));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        return json.readTree(asked.body()).get("device_code").asString();
    }

    HttpResponse<String> exchange(TestRequester device, String deviceCode, String otp) throws Exception {
        return post(PartnerClient.TOKEN, Map.of("grant_type", DEVICE_GRANT, "client_id", device.clientId,
                "device_code", deviceCode, "dl_otp", otp));
    }

    SmsOutbox outbox() {
        return SmsOutbox.of(state.root());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return http().postForm(path, new HashMap<>(form), "X-Forwarded-For", TestRequester.newAddress());
    }

    static org.assertj.core.api.AbstractStringAssert<?> assertError(HttpResponse<String> answer, int status,
            String error) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("error").asString()).as(answer.body()).isEqualTo(error);
        return assertThat(body.get("error_description").asString());
    }
}
