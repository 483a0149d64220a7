package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccounts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tijori.gateway.PartnerPullTests.assertError;

/**
 * DigiLocker's statistics over HTTP (ADR 23, #22): every count is what the database holds when it is first asked,
 * in the reference file's fields and types, sent as a form or as multipart; then kept for ten minutes, however the
 * database changes; and no answer without the form credential.
 */
@PartnerTestContext
class StatisticsTests {

    static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    static final JsonMapper json = JsonMapper.builder().build();

    static final AtomicInteger residents = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResidentAccounts accounts;

    @Test
    void theCountsAreTheDatabasesAndAreKeptForAWhile() throws Exception {
        TestRequester requester = TestRequester.approved(new WebClient(port), PartnerTestContext.TOKEN);
        for (int i = 0; i < 3; i++) {
            signUp();
        }

        HttpResponse<String> answer = new WebClient(port).postForm("/public/statistics/1/counts",
                FormCredentials.form(requester, Map.of()), "X-Forwarded-For", TestRequester.newAddress());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode counts = json.readTree(answer.body());
        long users = count("select count(*) from account_resident");
        long documents = count("""
                select count(*) from issuer_document where status in ('ACTIVE', 'REVOKED', 'SUSPENDED')""");
        assertThat(users).isGreaterThanOrEqualTo(3);
        assertThat(counts.get("users").isString()).isTrue();
        assertThat(counts.get("users").asString()).isEqualTo(Long.toString(users));
        assertThat(counts.get("authentic_documents").asString()).isEqualTo(Long.toString(documents));
        assertThat(counts.get("issuers").asString()).isEqualTo(Long.toString(count(
                "select count(*) from issuer_issuer where status = 'APPROVED'")));
        assertThat(counts.get("requestors").asString()).isEqualTo(Long.toString(count(
                "select count(*) from gateway_requester where status = 'APPROVED'")));
        assertThat(counts.get("count_as_on").asString())
                .isEqualTo(LocalDate.now(INDIA).format(DateTimeFormatter.ofPattern("ddMMuuuu")));

        JsonNode months = counts.get("monthwise_registations");
        assertThat(months).hasSize(12);
        YearMonth month = YearMonth.now(INDIA).minusMonths(11);
        for (JsonNode item : months) {
            assertThat(item.get("year").asInt()).isEqualTo(month.getYear());
            assertThat(item.get("month").asInt()).isEqualTo(month.getMonthValue());
            assertThat(item.get("id").asInt()).isEqualTo(month.getYear() * 100 + month.getMonthValue());
            Instant end = month.plusMonths(1).atDay(1).atStartOfDay(INDIA).toInstant();
            assertThat(item.get("count").asLong()).as("lockers at the end of %s", month).isEqualTo(count(
                    "select count(*) from account_resident where created_at < ?", end));
            month = month.plusMonths(1);
        }
        JsonNode newest = months.get(11);
        for (String field : new String[] { "id", "month", "year", "count" }) {
            assertThat(counts.get(field).isNumber()).isTrue();
            assertThat(counts.get(field).asLong()).isEqualTo(newest.get(field).asLong());
        }
        JsonNode years = counts.get("yearwise_authentic_documents");
        assertThat(years).isNotEmpty();
        assertThat(years.get(years.size() - 1).get("year").asInt()).isEqualTo(LocalDate.now(INDIA).getYear());
        assertThat(years.get(years.size() - 1).get("count").asLong()).isEqualTo(documents);
        for (JsonNode item : years) {
            Instant end = LocalDate.of(item.get("year").asInt() + 1, 1, 1).atStartOfDay(INDIA).toInstant();
            assertThat(item.get("count").asLong()).as("documents at the end of %s", item.get("year")).isEqualTo(count(
                    "select count(*) from issuer_document where status in ('ACTIVE', 'REVOKED', 'SUSPENDED') "
                            + "and published_at < ?", end));
        }

        signUp();
        HttpResponse<String> later = new WebClient(port).postMultipart("/public/statistics/1/counts",
                FormCredentials.form(requester, Map.of()), "note", "note.txt", new byte[] { 'x' },
                "X-Forwarded-For", TestRequester.newAddress());

        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
        assertThat(count("select count(*) from account_resident")).isEqualTo(users + 1);
        assertThat(json.readTree(later.body()).get("users").asString()).as("counted ten minutes ago at most")
                .isEqualTo(Long.toString(users));
    }

    @Test
    void noCountsWithoutTheFormCredential() throws Exception {
        TestRequester requester = TestRequester.approved(new WebClient(port), PartnerTestContext.TOKEN);
        Map<String, String> wrong = new java.util.LinkedHashMap<>(FormCredentials.form(requester, Map.of()));
        wrong.put("hmac", FormCredentials.hmac("not the secret", requester.clientId, wrong.get("ts")));

        assertError(new WebClient(port).postForm("/public/statistics/1/counts", wrong, "X-Forwarded-For",
                TestRequester.newAddress()), 400, "invalid_parameter", "HMAC parameter");
        assertError(new WebClient(port).postForm("/public/statistics/1/counts", Map.of(), "X-Forwarded-For",
                TestRequester.newAddress()), 401, "invalid_client_id", "client_id");
    }

    long count(String sql, Instant before) {
        return jdbc.sql(sql).param(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)).query(Long.class).single();
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    void signUp() {
        int n = residents.incrementAndGet();
        accounts.signUp(new MobileNumber(String.valueOf(7_600_000_000L + (System.nanoTime() % 1_000_000) * 100 + n)),
                "statistics" + n, "a long and unusual phrase");
    }
}
