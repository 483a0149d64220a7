package org.tijori.identity;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.audit.AuditTrail;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Linking, using and unlinking a national ID over HTTP, against an ID authority registry written for
 * the test; and proof that the number is kept nowhere in the clear.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tijori.account.otp-sends-per-address=500")
@ExtendWith(OutputCaptureExtension.class)
class NationalIdJourneyTests {

    static final int PEOPLE = 12;

    static final List<String> uids = new ArrayList<>();

    static final List<String> mobiles = new ArrayList<>();

    static final AtomicInteger nextPerson = new AtomicInteger();

    static final AtomicLong residentNumbers = new AtomicLong(7_300_000_000L + (System.nanoTime() % 1_000_000) * 100);

    static final String PASSWORD = "a long and unusual phrase";

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
    AuditTrail trail;

    SmsOutbox outbox() {
        return SmsOutbox.of(state.root());
    }

    WebClient signUp() throws Exception {
        String mobile = String.valueOf(residentNumbers.incrementAndGet());
        WebClient web = new WebClient(port);
        web.submit("/signup", "/signup", Map.of("mobile", mobile));
        web.submit("/signup/verify", "/signup/verify", Map.of("otp", outbox().lastOtpFor(mobile).orElseThrow()));
        HttpResponse<String> created = web.submit("/signup/account", "/signup/account",
                Map.of("username", "person" + mobile.substring(4), "password", PASSWORD));
        assertThat(created.statusCode()).isEqualTo(302);
        return web;
    }

    /** Links the next person of the registry to this resident; returns that person's index. */
    int link(WebClient web) throws Exception {
        int person = nextPerson.getAndIncrement();
        HttpResponse<String> sent = web.submit("/profile/national-id", "/profile/national-id",
                Map.of("uid", spaced(uids.get(person))));
        assertThat(sent.headers().firstValue("Location")).as(sent.body())
                .hasValueSatisfying(l -> assertThat(l).endsWith("/profile/national-id/verify"));
        HttpResponse<String> linked = web.submit("/profile/national-id/verify", "/profile/national-id/verify",
                Map.of("otp", outbox().lastOtpFor(mobiles.get(person)).orElseThrow()));
        assertThat(linked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("linked"));
        return person;
    }

    static String spaced(String uid) {
        return uid.substring(0, 4) + " " + uid.substring(4, 8) + " " + uid.substring(8);
    }

    @Test
    void linksANationalIdWithACodeSentToTheMobileTheAuthorityHolds() throws Exception {
        WebClient web = signUp();

        int person = link(web);

        HttpResponse<String> page = web.get("/profile/national-id");
        assertThat(page.body()).contains("XXXX XXXX " + uids.get(person).substring(8), "Person " + person,
                String.format("%02d", person + 1) + "-01-1990", "Female").doesNotContain(uids.get(person));
        await().untilAsserted(() -> assertThat(jdbc.sql("select count(*) from audit_entry where action = 'identity.NationalIdLinked'")
                .query(Long.class).single()).isPositive());
    }

    @Test
    void refusesNumbersThatFailTheCheckDigitAndProvesNothingForOnesTheAuthorityDoesNotKnow() throws Exception {
        WebClient web = signUp();
        String valid = uids.get(0);
        String mistyped = valid.substring(0, 11) + ((valid.charAt(11) - '0' + 1) % 10);

        assertThat(web.submit("/profile/national-id", "/profile/national-id", Map.of("uid", mistyped)).body())
                .contains("check digit does not match");
        assertThat(web.submit("/profile/national-id", "/profile/national-id", Map.of("uid", "1234")).body())
                .contains("12 digits");
        assertThat(web.submit("/profile/national-id?lang=hi", "/profile/national-id", Map.of("uid", mistyped)).body())
                .as("in the reader's language").contains("राष्ट्रीय पहचान संख्या का आख़िरी अंक बाक़ी अंकों से मेल नहीं खाता।")
                .doesNotContain("check digit");
        assertThat(web.submit("/profile/national-id", "/profile/national-id", Map.of("uid", "1234")).body())
                .contains("राष्ट्रीय पहचान संख्या में 12 अंक होते हैं।");
        web.get("/profile/national-id?lang=en");
        // Whether the authority knows a number is not told before a code is proven; for this one none can be.
        String unknown = "23456789012" + Verhoeff.checkDigit("23456789012");
        HttpResponse<String> sent = web.submit("/profile/national-id", "/profile/national-id", Map.of("uid", unknown));
        assertThat(sent.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/profile/national-id/verify"));
        assertThat(web.submit("/profile/national-id/verify", "/profile/national-id/verify", Map.of("otp", "123456"))
                .body()).contains("That code is not right");
        assertThat(web.get("/profile/national-id").body()).contains("Link your national ID");
    }

    /**
     * On the sign-up, sign-in and national-ID forms, a field's error is tied to its input (aria-describedby
     * names the error, aria-invalid marks the input), and a mistyped national ID stays in its field.
     */
    @Test
    void fieldErrorsAreTiedToTheirInputsAndAMistypedNationalIdIsKept() throws Exception {
        WebClient web = signUp();
        String valid = uids.get(0);
        String mistyped = valid.substring(0, 11) + ((valid.charAt(11) - '0' + 1) % 10);

        String linking = web.submit("/profile/national-id", "/profile/national-id", Map.of("uid", mistyped)).body();
        assertThat(linking).contains("id=\"uid-error\"", "value=\"" + mistyped + "\"", "aria-invalid=\"true\"",
                "aria-describedby=\"uid-error\"");

        WebClient stranger = new WebClient(port);
        assertThat(stranger.submit("/login", "/login/national-id", Map.of("uid", mistyped)).body()).contains(
                "id=\"uid-error\"", "value=\"" + mistyped + "\"", "aria-invalid=\"true\"",
                "aria-describedby=\"uid-error\"");
        assertThat(stranger.submit("/login", "/login/mobile", Map.of("mobile", "12")).body()).contains(
                "id=\"mobile-error\"", "aria-invalid=\"true\"", "aria-describedby=\"mobile-error\"");
        assertThat(stranger.get("/login?error").body()).contains("id=\"login-error\"",
                "aria-describedby=\"login-error\"");

        assertThat(stranger.submit("/signup", "/signup", Map.of("mobile", "12")).body()).contains(
                "id=\"signup-error\"", "aria-invalid=\"true\"", "aria-describedby=\"mobile-hint signup-error\"");
        String mobile = String.valueOf(residentNumbers.incrementAndGet());
        stranger.submit("/signup", "/signup", Map.of("mobile", mobile));
        stranger.submit("/signup/verify", "/signup/verify", Map.of("otp", outbox().lastOtpFor(mobile).orElseThrow()));
        String account = stranger.submit("/signup/account", "/signup/account",
                Map.of("username", "a b", "password", PASSWORD)).body();
        assertThat(account).contains("id=\"account-error\"", "aria-invalid=\"true\"",
                "aria-describedby=\"username-hint account-error\"", "aria-describedby=\"password-hint\"");
    }

    @Test
    void oneNationalIdLinksToOneLockerAtATime() throws Exception {
        WebClient first = signUp();
        int person = link(first);

        WebClient second = signUp();
        HttpResponse<String> sent = second.submit("/profile/national-id", "/profile/national-id",
                Map.of("uid", uids.get(person)));
        assertThat(sent.headers().firstValue("Location")).as("told only once the code is proven").hasValueSatisfying(
                location -> assertThat(location).endsWith("/profile/national-id/verify"));
        HttpResponse<String> refused = second.submit("/profile/national-id/verify", "/profile/national-id/verify",
                Map.of("otp", outbox().lastOtpFor(mobiles.get(person)).orElseThrow()));

        assertThat(refused.body()).contains("linked to another locker");
    }

    @Test
    void signsInWithTheNationalIdAndACodeAndSaysNothingAboutUnlinkedNumbers() throws Exception {
        WebClient owner = signUp();
        int person = link(owner);
        String username = owner.get("/profile").body().replaceAll("(?s).*id=\"profile-username\">([^<]+)<.*", "$1");

        WebClient web = new WebClient(port);
        HttpResponse<String> sent = web.submit("/login", "/login/national-id", Map.of("uid", uids.get(person)));
        HttpResponse<String> signedIn = web.submit("/login/national-id/verify", "/login/national-id/verify",
                Map.of("otp", outbox().lastOtpFor(mobiles.get(person)).orElseThrow()));
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));
        assertThat(web.get("/profile").body()).contains("id=\"profile-username\">" + username + "<");

        int stranger = nextPerson.getAndIncrement();
        int before = outbox().messagesTo(mobiles.get(stranger)).size();
        WebClient other = new WebClient(port);
        HttpResponse<String> strangerSent = other.submit("/login", "/login/national-id",
                Map.of("uid", uids.get(stranger)));
        assertThat(strangerSent.headers().firstValue("Location")).isEqualTo(sent.headers().firstValue("Location"));
        assertThat(outbox().messagesTo(mobiles.get(stranger))).hasSize(before);
    }

    @Test
    void unlinksWithACodeAndCanLinkAgain() throws Exception {
        WebClient web = signUp();
        int person = link(web);

        web.submit("/profile/national-id", "/profile/national-id/unlink", Map.of());
        HttpResponse<String> unlinked = web.submit("/profile/national-id/unlink/verify",
                "/profile/national-id/unlink/verify", Map.of("otp", outbox().lastOtpFor(mobiles.get(person)).orElseThrow()));

        assertThat(unlinked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("unlinked"));
        assertThat(web.get("/profile/national-id").body()).contains("Link your national ID");
        String lastFour = uids.get(person).substring(8);
        assertThat(jdbc.sql("select count(*) from identity_national_id where last_four = ?").param(lastFour)
                .query(Long.class).single()).isZero();
        // The same national ID links again, with a new code.
        web.submit("/profile/national-id", "/profile/national-id", Map.of("uid", uids.get(person)));
        HttpResponse<String> relinked = web.submit("/profile/national-id/verify", "/profile/national-id/verify",
                Map.of("otp", outbox().lastOtpFor(mobiles.get(person)).orElseThrow()));
        assertThat(relinked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("linked"));
        assertThat(web.get("/profile/national-id").body()).contains("XXXX XXXX " + lastFour);
    }

    @Test
    void theNumberIsNowhereInTheClearInTheDatabaseOrTheLogs(CapturedOutput output) throws Exception {
        WebClient web = signUp();
        int person = link(web);
        new WebClient(port).submit("/login", "/login/national-id", Map.of("uid", uids.get(person)));
        String uid = uids.get(person);

        List<String> tables = jdbc.sql("select table_name from information_schema.tables where table_schema = 'public'")
                .query(String.class).list();
        for (String table : tables) {
            List<String> rows = jdbc.sql("select row_to_json(t)::text from \"" + table + "\" t").query(String.class)
                    .list();
            assertThat(rows).as(table).noneSatisfy(row -> assertThat(row).contains(uid));
            assertThat(rows).as(table).noneSatisfy(row -> assertThat(row).contains(spaced(uid)));
        }
        // Binary columns (session attributes, sealed values) as the bytes they hold, not as hex.
        List<String[]> binaryColumns = jdbc.sql("select table_name, column_name from information_schema.columns "
                + "where table_schema = 'public' and data_type = 'bytea'")
                .query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) }).list();
        assertThat(binaryColumns).extracting(column -> column[0]).contains("spring_session_attributes",
                "identity_national_id");
        for (String[] column : binaryColumns) {
            List<String> values = jdbc.sql("select encode(\"" + column[1] + "\", 'escape') from \"" + column[0]
                    + "\" where \"" + column[1] + "\" is not null").query(String.class).list();
            assertThat(values).as(column[0] + "." + column[1]).noneSatisfy(value -> assertThat(value).contains(uid));
        }
        assertThat(output.getAll()).doesNotContain(uid).doesNotContain(spaced(uid));
        assertThat(Files.readString(outbox().file())).doesNotContain(uid);
    }
}
