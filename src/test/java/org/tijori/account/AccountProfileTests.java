package org.tijori.account;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.audit.AuditTrail;
import org.tijori.identity.TestRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resident's account page over real HTTP (issue 19): an e-mail address proven by a code that arrives at a real
 * SMTP server (GreenMail), with its limits; the language remembered on the account; the sessions listed and signed
 * out one by one, only the owner's; and the name and photo of a linked national ID.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.account.otp-sends-per-address=500", "spring.mail.host=127.0.0.1",
        "tijori.mail.from=Tijori Test <no-reply@tijori.test>" })
class AccountProfileTests {

    static final String PASSWORD = "a long and unusual phrase";

    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    static final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        smtp.start();
    }

    static final AtomicLong numbers = new AtomicLong(8_200_000_000L + (System.nanoTime() % 1_000_000) * 100);

    static final AtomicInteger addresses = new AtomicInteger();

    static final List<String> uids = new ArrayList<>();

    static final List<String> mobiles = new ArrayList<>();

    static final byte[] PHOTO = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0,
            (byte) 0xFF, (byte) 0xD9 };

    static final Pattern CODE = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");

    static final Pattern OTHER_SESSION = Pattern.compile(
            "data-current=\"false\"[\\s\\S]*?name=\"session\" value=\"([A-Za-z0-9_-]{22})\"");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        TestRegistry people = TestRegistry.write(2, System.nanoTime(), Map.of(0, PHOTO));
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

    @Autowired
    ResidentAccounts accounts;

    record Resident(WebClient web, String mobile, String username, AccountId id) {
    }

    SmsOutbox sms() {
        return SmsOutbox.of(state.root());
    }

    Resident signUp() throws Exception {
        String mobile = String.valueOf(numbers.incrementAndGet());
        String username = "profile" + mobile.substring(4);
        WebClient web = new WebClient(port);
        web.submit("/signup", "/signup", Map.of("mobile", mobile));
        web.submit("/signup/verify", "/signup/verify", Map.of("otp", sms().lastOtpFor(mobile).orElseThrow()));
        HttpResponse<String> created = web.submit("/signup/account", "/signup/account",
                Map.of("username", username, "password", PASSWORD));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        return new Resident(web, mobile, username, accounts.findByMobile(new MobileNumber(mobile)).orElseThrow().id());
    }

    static String newAddress() {
        return "resident" + addresses.incrementAndGet() + "." + System.nanoTime() % 100_000 + "@Example.ORG";
    }

    /** The codes the e-mail sent to this address carried, oldest first. */
    static List<String> codesSentTo(String address, int expected) throws Exception {
        List<String> codes = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            codes.clear();
            for (MimeMessage message : smtp.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                    Matcher code = CODE.matcher(String.valueOf(message.getContent()));
                    assertThat(code.find()).isTrue();
                    codes.add(code.group(1));
                }
            }
            assertThat(codes).hasSize(expected);
        });
        return codes;
    }

    @Test
    void anEmailAddressIsKeptOnlyOnceTheCodeSentToItIsTyped() throws Exception {
        Resident resident = signUp();
        WebClient web = resident.web();
        String address = newAddress();

        HttpResponse<String> sent = web.submit("/profile", "/profile/email", Map.of("email", address));

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        String code = codesSentTo(address, 1).get(0);
        assertThat(accounts.contactOf(resident.id()).orElseThrow().email()).as("an unproven address is not used")
                .isEmpty();
        assertThat(web.get("/profile").body()).contains("We sent a 6-digit code to resident");

        String wrong = code.equals("000000") ? "111111" : "000000";
        HttpResponse<String> refused = web.submit("/profile", "/profile/email/verify", Map.of("code", wrong));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("That code is not right. Tries left: 4.");
        assertThat(accounts.contactOf(resident.id()).orElseThrow().email()).isEmpty();

        HttpResponse<String> proven = web.submit("/profile", "/profile/email/verify", Map.of("code", code));

        assertThat(proven.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("emailChanged"));
        String kept = address.substring(0, address.indexOf('@')) + "@example.org";
        assertThat(accounts.contactOf(resident.id()).orElseThrow().email()).contains(new EmailAddress(kept));
        assertThat(web.get("/profile").body()).contains("id=\"profile-email\">" + kept + "<");
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 30))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("account.EmailChanged")));
        assertThat(web.submit("/profile", "/profile/email/verify", Map.of("code", code)).statusCode())
                .as("a code works once").isEqualTo(400);

        web.submit("/profile", "/profile/email/remove", Map.of());
        assertThat(accounts.contactOf(resident.id()).orElseThrow().email()).isEmpty();
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 30))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("account.EmailRemoved")));
    }

    @Test
    void aBadAddressGetsAClearAnswerAndSendsNothing() throws Exception {
        Resident resident = signUp();
        int before = smtp.getReceivedMessages().length;

        for (String bad : List.of("", "not an address", "asha@", "@example.org", "asha@localhost",
                "Asha <asha@example.org>", "asha@example.org\r\nBcc: x@example.org", "a".repeat(65) + "@example.org",
                "asha@exam_ple.org", "आशा@example.org")) {
            HttpResponse<String> refused = resident.web().submit("/profile", "/profile/email", Map.of("email", bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("That is not an e-mail address");
        }

        assertThat(jdbc.sql("select count(*) from account_email_code where account_id = ?")
                .param(resident.id().value()).query(Long.class).single()).isZero();
        Thread.sleep(500);
        assertThat(smtp.getReceivedMessages()).hasSize(before);
    }

    @Test
    void fiveWrongCodesEndTheCode() throws Exception {
        Resident resident = signUp();
        String address = newAddress();
        resident.web().submit("/profile", "/profile/email", Map.of("email", address));
        String right = codesSentTo(address, 1).get(0);
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            resident.web().submit("/profile", "/profile/email/verify", Map.of("code", wrong));
        }

        HttpResponse<String> tooLate = resident.web().submit("/profile", "/profile/email/verify", Map.of("code", right));

        assertThat(tooLate.statusCode()).isEqualTo(400);
        assertThat(tooLate.body()).contains("Too many wrong codes");
        assertThat(accounts.contactOf(resident.id()).orElseThrow().email()).isEmpty();
    }

    @Test
    void atMostFiveCodesAnHourForOneAccountAndANewOneOnlyAfterThirtySeconds() throws Exception {
        Resident resident = signUp();
        assertThat(resident.web().submit("/profile", "/profile/email/resend", Map.of()).statusCode())
                .as("nothing is waiting").isEqualTo(400);
        String first = newAddress();
        resident.web().submit("/profile", "/profile/email", Map.of("email", first));
        HttpResponse<String> tooSoon = resident.web().submit("/profile", "/profile/email/resend", Map.of());
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(tooSoon.body()).contains("Please wait");

        for (int i = 0; i < 4; i++) {
            assertThat(resident.web().submit("/profile", "/profile/email", Map.of("email", newAddress())).statusCode())
                    .isEqualTo(302);
        }
        String sixth = newAddress();
        HttpResponse<String> refused = resident.web().submit("/profile", "/profile/email", Map.of("email", sixth));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many codes were asked for lately");
        codesSentTo(first, 1);
        Thread.sleep(500);
        assertThat(smtp.getReceivedMessages()).noneMatch(message -> {
            try {
                return message.getAllRecipients()[0].toString().equalsIgnoreCase(sixth);
            }
            catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theCodeIsWrittenInTheResidentsLanguage() throws Exception {
        Resident resident = signUp();
        String address = newAddress();
        resident.web().get("/profile?lang=hi");

        resident.web().submit("/profile", "/profile/email", Map.of("email", address));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(smtp.getReceivedMessages())
                .anySatisfy(message -> {
                    assertThat(message.getAllRecipients()[0].toString()).isEqualToIgnoringCase(address);
                    assertThat(message.getSubject()).isEqualTo("आपका Tijori कोड");
                }));
    }

    @Test
    void theLanguageChosenWhileSignedInIsRememberedForTheNextSignIn() throws Exception {
        Resident resident = signUp();
        assertThat(accounts.contactOf(resident.id()).orElseThrow().language()).isEqualTo(Locale.ENGLISH);

        assertThat(resident.web().get("/dashboard?lang=hi").body()).contains("आपका लॉकर");

        assertThat(accounts.contactOf(resident.id()).orElseThrow().language()).isEqualTo(Locale.forLanguageTag("hi"));
        WebClient elsewhere = new WebClient(port);
        assertThat(elsewhere.get("/login").body()).as("a new browser starts in English").contains("Sign in");
        elsewhere.signIn(resident.username(), PASSWORD);
        assertThat(elsewhere.get("/dashboard").body()).contains("आपका लॉकर");
        assertThat(elsewhere.get("/profile").body()).as("the language stays").contains("आपका ई-मेल पता");

        elsewhere.get("/profile?lang=en");
        assertThat(accounts.contactOf(resident.id()).orElseThrow().language()).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void listsTheSessionsAndSignsOutOneOfThem() throws Exception {
        Resident resident = signUp();
        WebClient laptop = new WebClient(port);
        laptop.signIn(resident.username(), PASSWORD);
        assertThat(laptop.get("/profile", "User-Agent", FIREFOX).statusCode()).isEqualTo(200);

        String page = resident.web().get("/profile").body();

        assertThat(page).contains("Firefox on Linux", "This session", "127.0.0.x");
        assertThat(page.split("<tr data-current=|<tr class=\"session--current\" data-current=", -1)).hasSize(3);
        Matcher other = OTHER_SESSION.matcher(page);
        assertThat(other.find()).isTrue();
        assertThat(page).doesNotContain(laptop.cookie("SESSION"));

        HttpResponse<String> ended = resident.web().submit("/profile", "/profile/sessions/end",
                Map.of("session", other.group(1)));

        assertThat(ended.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("sessionEnded"));
        assertThat(laptop.get("/profile").statusCode()).isEqualTo(302);
        assertThat(resident.web().get("/profile").statusCode()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(trail.about(resident.id().toString(), 30))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("account.SessionEnded")));
    }

    @Test
    void anotherResidentsSessionCannotBeSignedOutAndTheAnswerIsTheSame() throws Exception {
        Resident owner = signUp();
        WebClient ownersPhone = new WebClient(port);
        ownersPhone.signIn(owner.username(), PASSWORD);
        ownersPhone.get("/profile");
        Matcher other = OTHER_SESSION.matcher(owner.web().get("/profile").body());
        assertThat(other.find()).isTrue();
        Resident stranger = signUp();

        HttpResponse<String> theirs = stranger.web().submit("/profile", "/profile/sessions/end",
                Map.of("session", other.group(1)));
        HttpResponse<String> madeUp = stranger.web().submit("/profile", "/profile/sessions/end",
                Map.of("session", "AAAAAAAAAAAAAAAAAAAAAA"));
        HttpResponse<String> garbage = stranger.web().submit("/profile", "/profile/sessions/end",
                Map.of("session", "<script>"));

        assertThat(theirs.statusCode()).isEqualTo(302).isEqualTo(madeUp.statusCode()).isEqualTo(garbage.statusCode());
        assertThat(theirs.headers().firstValue("Location")).isEqualTo(madeUp.headers().firstValue("Location"))
                .isEqualTo(garbage.headers().firstValue("Location"));
        assertThat(ownersPhone.get("/profile").statusCode()).isEqualTo(200);
        assertThat(owner.web().get("/profile").statusCode()).isEqualTo(200);
        assertThat(stranger.web().get("/profile").statusCode()).isEqualTo(200);
        HttpResponse<String> forged = stranger.web().postForm("/profile/sessions/end", Map.of("session", other.group(1)),
                "Accept", "text/html");
        assertThat(forged.statusCode()).as("no CSRF token").isEqualTo(403);
    }

    @Test
    void theLinkedNationalIdsNameAndPhotoShowOnTheProfileAndTheDashboard() throws Exception {
        Resident resident = signUp();
        WebClient web = resident.web();
        assertThat(web.get("/profile").body()).doesNotContain("profile-identity");
        assertThat(web.getBytes("/profile/national-id/photo").statusCode()).isEqualTo(404);

        web.submit("/profile/national-id", "/profile/national-id", Map.of("uid", uids.get(0)));
        HttpResponse<String> linked = web.submit("/profile/national-id/verify", "/profile/national-id/verify",
                Map.of("otp", sms().lastOtpFor(mobiles.get(0)).orElseThrow()));
        assertThat(linked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("linked"));

        assertThat(web.get("/profile").body()).contains("id=\"profile-name\">Person 0<", "id=\"profile-photo\"");
        assertThat(web.get("/dashboard").body()).contains("Namaste, Person 0", "/profile/national-id/photo");
        HttpResponse<byte[]> photo = web.getBytes("/profile/national-id/photo");
        assertThat(photo.statusCode()).isEqualTo(200);
        assertThat(photo.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/jpeg"));
        assertThat(photo.body()).isEqualTo(PHOTO);
        assertThat(new WebClient(port).getBytes("/profile/national-id/photo").statusCode()).as("signed out")
                .isEqualTo(302);

        // The photo was kept, sealed, with the link: showing it does not ask the ID authority again.
        byte[] kept = jdbc.sql("select photo_sealed from identity_national_id where account_id = ? and photo_kept")
                .param(resident.id().value()).query(byte[].class).single();
        assertThat(kept).isNotEmpty();
        assertThat(java.util.HexFormat.of().formatHex(kept)).doesNotContain(java.util.HexFormat.of().formatHex(PHOTO));
        // A link made before photos were kept fetches it once, at the first view, and keeps it.
        jdbc.sql("update identity_national_id set photo_sealed = null, photo_kept = false where account_id = ?")
                .param(resident.id().value()).update();
        assertThat(web.get("/dashboard").body()).contains("/profile/national-id/photo");
        assertThat(jdbc.sql("select photo_kept and photo_sealed is not null from identity_national_id "
                + "where account_id = ?").param(resident.id().value()).query(Boolean.class).single()).isTrue();
        assertThat(web.getBytes("/profile/national-id/photo").body()).isEqualTo(PHOTO);
    }
}
