package org.tijori.identity;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.SmsWebhookReceiver;
import org.tijori.WebClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a national ID exists, or is linked to another locker, cannot be learnt from Tijori's answers: over
 * HTTP, a known, an unknown and an already-linked number get the same page in the same time (the SMS gateway
 * here answers after 500 ms, as a real one far away does), no page shows digits of a number the person has not
 * proven, the outcome is told only once the code is proven, and look-ups are limited per locker and per
 * address (here 8 and 12 an hour; client addresses come through the trusted proxy).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.web.trusted-proxies=127.0.0.1, ::1", "tijori.account.otp-sends-per-address=500",
        "tijori.account.otp-sends-per-mobile=100", "tijori.identity.lookups-per-account=8",
        "tijori.identity.lookups-per-address=12", "tijori.sms.provider=webhook" })
class NationalIdEnumerationTests {

    static final Duration GATEWAY = Duration.ofMillis(800);

    static final String PASSWORD = "a long and unusual phrase";

    static final AtomicLong residentNumbers = new AtomicLong(8_600_000_000L + (System.nanoTime() % 1_000_000) * 100);

    static final AtomicInteger addresses = new AtomicInteger();

    static TestRegistry people;

    static SmsWebhookReceiver gateway;

    @DynamicPropertySource
    static void authorityAndGateway(DynamicPropertyRegistry registry) throws Exception {
        people = TestRegistry.write(8, System.nanoTime());
        gateway = SmsWebhookReceiver.start();
        gateway.delayEach(GATEWAY);
        registry.add("tijori.identity.registry-file", () -> people.file().toString());
        registry.add("tijori.sms.webhook.url", () -> gateway.url().toString());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @LocalServerPort
    int port;

    static String newAddress() {
        return "198.18.0." + addresses.incrementAndGet();
    }

    /** A valid national ID (its check digit right) that the registry, whose numbers start with 4, does not hold. */
    static String unknownId() {
        String body = "5" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
        return body + Verhoeff.checkDigit(body);
    }

    String lastCodeTo(String mobile) {
        List<SmsOutbox.Sms> to = gateway.received().stream().filter(sms -> sms.to().equals(mobile)).toList();
        assertThat(to).as("messages to " + mobile).isNotEmpty();
        return to.get(to.size() - 1).otp().orElseThrow();
    }

    static HttpResponse<String> post(WebClient web, String page, String action, Map<String, String> fields,
            String address) throws Exception {
        var withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", WebClient.csrfTokenOf(web.get(page, "X-Forwarded-For", address).body()));
        return web.postForm(action, withToken, "X-Forwarded-For", address);
    }

    /** A signed-up resident at a client address of their own. */
    Resident signUp() throws Exception {
        String address = newAddress();
        String mobile = String.valueOf(residentNumbers.incrementAndGet());
        WebClient web = new WebClient(port);
        post(web, "/signup", "/signup", Map.of("mobile", mobile), address);
        post(web, "/signup/verify", "/signup/verify", Map.of("otp", lastCodeTo(mobile)), address);
        HttpResponse<String> created = post(web, "/signup/account", "/signup/account",
                Map.of("username", "prober" + mobile.substring(4), "password", PASSWORD), address);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        return new Resident(web, address);
    }

    /** Links person {@code person} of the registry to a new resident's locker. */
    void linkedElsewhere(int person) throws Exception {
        Resident owner = signUp();
        owner.lookUp(people.uids().get(person));
        HttpResponse<String> linked = post(owner.web(), "/profile/national-id/verify", "/profile/national-id/verify",
                Map.of("otp", lastCodeTo(people.mobiles().get(person))), owner.address());
        assertThat(linked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("linked"));
    }

    /** A page with its CSRF tokens (in the form and in the page's head) taken out. */
    static String withoutCsrf(String html) {
        return html.replaceAll("(<(?:input|meta)[^>]*name=\"_csrf\"[^>]*?)(?:value|content)=\"[^\"]*\"", "$1");
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void aKnownAnUnknownAndAnAlreadyLinkedNumberGetTheSameAnswerInTheSameTime() throws Exception {
        linkedElsewhere(0);
        String linked = people.uids().get(0);
        String known = people.uids().get(1);
        Map<String, List<Long>> millis = new LinkedHashMap<>();
        for (String kind : List.of("known", "unknown", "linked")) {
            millis.put(kind, new ArrayList<>());
        }
        for (int prober = 0; prober < 3; prober++) {
            Resident resident = signUp();
            List<String> answers = new ArrayList<>();
            List<String> pages = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                List<String> kinds = new ArrayList<>(millis.keySet());
                Collections.rotate(kinds, prober + round);
                for (String kind : kinds) {
                    String uid = switch (kind) {
                        case "known" -> known;
                        case "linked" -> linked;
                        default -> unknownId();
                    };
                    String csrf = WebClient.csrfTokenOf(resident.web().get("/profile/national-id", "X-Forwarded-For",
                            resident.address()).body());
                    long start = System.nanoTime();
                    HttpResponse<String> answer = resident.web().postForm("/profile/national-id",
                            Map.of("uid", uid, "_csrf", csrf), "X-Forwarded-For", resident.address());
                    millis.get(kind).add((System.nanoTime() - start) / 1_000_000);
                    answers.add(answer.statusCode() + " " + answer.headers().firstValue("Location").orElse(""));
                    pages.add(withoutCsrf(resident.web().get("/profile/national-id/verify", "X-Forwarded-For",
                            resident.address()).body()));
                }
            }
            assertThat(answers).as("the answers to one resident").allSatisfy(answer -> assertThat(answer)
                    .startsWith("302 ").endsWith("/profile/national-id/verify"));
            assertThat(pages).as("the code pages one resident sees").containsOnly(pages.get(0));
            assertThat(pages.get(0)).contains("the mobile number the ID authority holds for this national ID")
                    .doesNotContain("******");
        }

        long knownMedian = median(millis.get("known"));
        assertThat(knownMedian).as("a code to a known number waits for the gateway").isGreaterThanOrEqualTo(
                GATEWAY.toMillis());
        // Generous, for a busy machine (half the gateway's time); without the wait in place of a delivery, an
        // unknown number answers a whole gateway's time sooner.
        long bound = Math.max(GATEWAY.toMillis() / 2, knownMedian * 2 / 5);
        assertThat(Math.abs(median(millis.get("unknown")) - knownMedian)).as("unknown vs known, in ms: " + millis)
                .isLessThan(bound);
        assertThat(Math.abs(median(millis.get("linked")) - knownMedian)).as("linked vs known, in ms: " + millis)
                .isLessThan(bound);
    }

    @Test
    void whatANumberIsIsToldOnlyOnceItsCodeIsProven() throws Exception {
        linkedElsewhere(2);
        Resident resident = signUp();

        resident.lookUp(people.uids().get(2));
        HttpResponse<String> proven = post(resident.web(), "/profile/national-id/verify",
                "/profile/national-id/verify", Map.of("otp", lastCodeTo(people.mobiles().get(2))), resident.address());
        assertThat(proven.body()).contains("This national ID is linked to another locker.");

        resident.lookUp(unknownId());
        String unknown = post(resident.web(), "/profile/national-id/verify", "/profile/national-id/verify",
                Map.of("otp", "123456"), resident.address()).body();
        resident.lookUp(people.uids().get(3));
        String right = lastCodeTo(people.mobiles().get(3));
        String wrongForAKnownNumber = post(resident.web(), "/profile/national-id/verify",
                "/profile/national-id/verify", Map.of("otp", right.equals("123456") ? "654321" : "123456"),
                resident.address()).body();
        assertThat(withoutCsrf(unknown)).as("an unknown number: the code is simply wrong")
                .contains("That code is not right. You can try 4 more times.")
                .isEqualTo(withoutCsrf(wrongForAKnownNumber));
    }

    @Test
    void signingInWithANationalIdShowsNoDigitsOfAnyNumber() throws Exception {
        linkedElsewhere(4);
        String address = newAddress();
        List<String> pages = new ArrayList<>();
        for (String uid : List.of(people.uids().get(4), unknownId(), people.uids().get(5))) {
            WebClient web = new WebClient(port);
            HttpResponse<String> sent = post(web, "/login", "/login/national-id", Map.of("uid", uid), address);
            assertThat(sent.headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/login/national-id/verify"));
            pages.add(withoutCsrf(web.get("/login/national-id/verify", "X-Forwarded-For", address).body()));
        }

        assertThat(pages).containsOnly(pages.get(0));
        assertThat(pages.get(0)).contains("the mobile number the ID authority holds for this national ID")
                .doesNotContain("******");
    }

    @Test
    void lookUpsBeyondTheLimitsAreRefused() throws Exception {
        Resident busy = signUp();
        for (int i = 0; i < 8; i++) {
            assertThat(busy.lookUp(unknownId()).statusCode()).isEqualTo(302);
        }
        HttpResponse<String> ninth = busy.lookUp(unknownId());
        assertThat(ninth.statusCode()).as("per locker").isEqualTo(429);
        assertThat(ninth.body()).contains("Too many national ID look-ups from your locker or your network.");

        Resident first = signUp();
        Resident second = new Resident(signUp().web(), first.address());
        for (int i = 0; i < 8; i++) {
            assertThat(first.lookUp(unknownId()).statusCode()).isEqualTo(302);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(second.lookUp(unknownId()).statusCode()).isEqualTo(302);
        }
        assertThat(second.lookUp(unknownId()).statusCode()).as("per address, whatever the locker").isEqualTo(429);

        String address = newAddress();
        for (int i = 0; i < 12; i++) {
            assertThat(post(new WebClient(port), "/login", "/login/national-id", Map.of("uid", unknownId()), address)
                    .statusCode()).isEqualTo(302);
        }
        HttpResponse<String> refused = post(new WebClient(port), "/login", "/login/national-id",
                Map.of("uid", unknownId()), address);
        assertThat(refused.statusCode()).as("signing in, per address").isEqualTo(429);
        assertThat(refused.body()).contains("Too many sign-ins with a national ID from your network.");
    }

    record Resident(WebClient web, String address) {

        HttpResponse<String> lookUp(String uid) throws Exception {
            return post(web, "/profile/national-id", "/profile/national-id", Map.of("uid", uid), address);
        }
    }
}
