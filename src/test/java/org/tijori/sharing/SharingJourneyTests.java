package org.tijori.sharing;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.tijori.Chromium;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.audit.AuditEntry;
import org.tijori.audit.AuditTrail;
import org.tijori.issuer.TestIssuer;
import org.tijori.locker.TestDocuments;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.storage.BlobId;
import org.tijori.storage.BlobVault;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sharing by e-mail link over real HTTP, with a real SMTP server (GreenMail) receiving the recipient's e-mail: the
 * link is taken from the e-mail and opened as the recipient would, with and without an access code; every refusal
 * (another resident's document, a bad address, wrong codes, an expired, used-up, revoked or unknown link, each
 * limit) is answered as API.md section 9 says and leaves nothing behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + SharingJourneyTests.TOKEN, "tijori.issuer.registrations-per-address=1000",
        "spring.mail.host=127.0.0.1", "tijori.mail.from=Tijori Test <no-reply@tijori.test>",
        "tijori.sharing.shares-per-hour=4", "tijori.sharing.mails-per-recipient-per-day=3",
        "tijori.sharing.openings-per-minute=25", "tijori.base-url=https://tijori.test", "tijori.web.trusted-proxies=127.0.0.1, ::1" })
class SharingJourneyTests {

    static final String TOKEN = "sharing-tests-bootstrap-token-0123456789";

    static final String PASSWORD = "a long and unusual phrase";

    static final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        smtp.start();
    }

    static final AtomicInteger counter = new AtomicInteger();

    static final Pattern LINK = Pattern.compile("https?://[^\\s\"<]+/s/([A-Za-z0-9_-]{43})");

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @TestConfiguration
    static class MovableTime {

        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail trail;

    @Autowired
    MovableClock clock;

    @Autowired
    StateDirectory state;

    @Autowired
    DocumentSharing sharing;

    @Autowired
    BlobVault vault;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void aResidentSharesAnUploadAndAnIssuedDocumentTheRecipientOpensDownloadsAndTheResidentSeesItAndRevokes()
            throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        String uri = deliver(asha);
        String recipient = recipient();

        HttpResponse<String> created = share(asha, "[{\"kind\":\"uploaded\",\"id\":\"" + upload + "\"},"
                + "{\"kind\":\"issued\",\"uri\":\"" + uri + "\"}]", recipient, ",\"maxViews\":3");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = field(created.body(), "id");
        assertThat(created.body()).contains("\"expiresAt\":\"");

        Mail mail = mailTo(recipient);
        assertThat(mail.subject()).contains(asha.username());
        assertThat(mail.text()).contains(asha.username(), "ration-card.pdf", "Class XII Marksheet");
        assertThat(mail.html()).contains("/s/" + mail.token());
        assertThat(mail.link()).as("the link is under tijori.base-url").isEqualTo("https://tijori.test/s/" + mail.token());

        WebClient stranger = recipientBrowser();
        String address = address();
        HttpResponse<String> page = stranger.get(path(mail), "X-Forwarded-For", address);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertRecipientHeaders(page);
        assertThat(page.body()).contains(asha.username(), "ration-card.pdf", "Class XII Marksheet",
                "id=\"share-sender\"", "/s/" + mail.token() + "/0/download", "/s/" + mail.token() + "/1/view",
                "badge--active");
        assertThat(page.body()).doesNotContain("https://", "http://cdn", "//fonts.");

        HttpResponse<byte[]> uploaded = stranger.getBytes(path(mail) + "/0/download", "X-Forwarded-For", address);
        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertRecipientHeaders(uploaded);
        assertThat(uploaded.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment"));
        assertThat(textOf(uploaded.body())).contains("Shared by " + asha.username() + " with " + recipient + " until");
        HttpResponse<byte[]> issued = stranger.getBytes(path(mail) + "/1/download", "X-Forwarded-For", address);
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(textOf(issued.body())).contains("Shared by " + asha.username() + " with " + recipient);
        HttpResponse<byte[]> picture = stranger.getBytes(path(mail) + "/1/view", "X-Forwarded-For", address);
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(picture.headers().firstValue("Content-Type")).hasValue("image/png");

        // The page again in the same visit counts no second opening.
        assertThat(stranger.get(path(mail), "X-Forwarded-For", address).statusCode()).isEqualTo(200);

        HttpResponse<String> list = asha.web().get("/api/v1/locker/shares");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"id\":\"" + id + "\"", "\"state\":\"ACTIVE\"", "\"views\":1",
                "\"recipient\":\"" + recipient + "\"", "\"opened\":\"page\"", "\"opened\":\"download: ration-card.pdf\"",
                "\"client\":\"" + address.substring(0, address.lastIndexOf('.')) + ".0/24\"");
        HttpResponse<String> shared = asha.web().get("/locker/shared");
        assertThat(shared.statusCode()).isEqualTo(200);
        assertThat(shared.body()).contains(recipient, "ration-card.pdf", "/locker/shared/" + id + "/revoke", "Active");

        HttpResponse<String> revoked = asha.web().send("DELETE", "/api/v1/locker/shares/" + id, null, null,
                "X-CSRF-TOKEN", csrf(asha.web()));
        assertThat(revoked.statusCode()).isEqualTo(204);
        HttpResponse<String> gone = recipientBrowser().get(path(mail), "X-Forwarded-For", address());
        assertThat(gone.statusCode()).isEqualTo(410);
        assertRecipientHeaders(gone);
        assertThat(gone.body()).contains("id=\"share-gone\"", "revoked");
        // The visit that began before the revocation ends with it.
        assertThat(stranger.getBytes(path(mail) + "/0/download", "X-Forwarded-For", address).statusCode())
                .isEqualTo(410);
        assertThat(asha.web().get("/api/v1/locker/shares").body()).contains("\"state\":\"REVOKED\"");

        await().untilAsserted(() -> assertThat(trail.about(asha.account().id().toString(), 50))
                .extracting(AuditEntry::action).contains("sharing.ShareLinkCreated", "sharing.ShareLinkOpened",
                        "sharing.ShareLinkRevoked"));
    }

    @Test
    void theRecipientsHindiPageNamesTheIssuerAndDocTypeInHindiAndFallsBackToEnglish() throws Exception {
        Resident asha = newResident();
        String board = "महाराष्ट्र माध्यमिक शिक्षा बोर्ड";
        String marksheet = "कक्षा बारह अंकपत्र";
        String hindi = deliver(asha, board, marksheet);
        String english = deliver(asha, null, null);
        String recipient = recipient();
        HttpResponse<String> created = share(asha, "[{\"kind\":\"issued\",\"uri\":\"" + hindi + "\"},"
                + "{\"kind\":\"issued\",\"uri\":\"" + english + "\"}]", recipient, "");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Mail mail = mailTo(recipient);
        String englishIssuer = "Board of " + english.substring(0, english.indexOf('-'));

        WebClient stranger = recipientBrowser();
        String address = address();
        HttpResponse<String> page = stranger.get(path(mail) + "?lang=hi", "X-Forwarded-For", address);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("<dd>" + board + "</dd>", "<dd>" + marksheet + "</dd>")
                .as("an issuer that gave no Hindi names keeps its English ones")
                .contains("<dd>" + englishIssuer + "</dd>", "<dd>Class XII Marksheet</dd>")
                .doesNotContain("<dd>Board of " + hindi.substring(0, hindi.indexOf('-')) + "</dd>");
        String inEnglish = stranger.get(path(mail) + "?lang=en", "X-Forwarded-For", address).body();
        assertThat(inEnglish).contains("<dd>Board of " + hindi.substring(0, hindi.indexOf('-')) + "</dd>")
                .doesNotContain(board, marksheet);
    }

    @Test
    void aSharedPdfIsStampedOnceAndEveryLaterDownloadGetsTheKeptCopy() throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        String uri = deliver(asha);
        String recipient = recipient();
        HttpResponse<String> created = share(asha, "[{\"kind\":\"uploaded\",\"id\":\"" + upload + "\"},"
                + "{\"kind\":\"issued\",\"uri\":\"" + uri + "\"}]", recipient, "");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = field(created.body(), "id");
        Mail mail = mailTo(recipient);
        WebClient stranger = recipientBrowser();
        String address = address();
        assertThat(stranger.get(path(mail), "X-Forwarded-For", address).statusCode()).isEqualTo(200);
        assertThat(copies(id)).isEmpty();

        for (int index = 0; index < 2; index++) {
            HttpResponse<byte[]> first = stranger.getBytes(path(mail) + "/" + index + "/download", "X-Forwarded-For",
                    address);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(textOf(first.body())).contains("Shared by " + asha.username() + " with " + recipient);
            Map<String, Object> kept = copies(id).get(index);
            assertThat(kept.get("position")).isEqualTo(index);
            UUID blob = (UUID) kept.get("blob_id");
            assertThat(stored(blob)).as("the copy kept is the copy handed out").isEqualTo(first.body());
            assertThat(Files.exists(objectOf(blob))).isTrue();

            HttpResponse<byte[]> second = stranger.getBytes(path(mail) + "/" + index + "/download", "X-Forwarded-For",
                    address);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.body()).as("the second download is the kept copy").isEqualTo(first.body());
            assertThat(second.headers().firstValue("Content-Length")).hasValue(String.valueOf(first.body().length));
            assertThat(copies(id)).hasSize(index + 1);
            assertThat(copies(id).get(index).get("blob_id")).isEqualTo(blob);
        }
        // Each download is still recorded, and the pictures are not stamped copies.
        assertThat(asha.web().get("/api/v1/locker/shares").body()).contains("\"opened\":\"download: ration-card.pdf\"");
        assertThat(stranger.getBytes(path(mail) + "/1/view", "X-Forwarded-For", address).statusCode()).isEqualTo(200);
        assertThat(copies(id)).hasSize(2);
    }

    @Test
    void aVisitOpensOnlyItsOwnLink() throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        String first = recipient();
        String second = recipient();
        assertThat(share(asha, uploaded(upload), first, "").statusCode()).isEqualTo(201);
        assertThat(share(asha, uploaded(upload), second, "").statusCode()).isEqualTo(201);
        Mail mine = mailTo(first);
        Mail theirs = mailTo(second);
        String address = address();
        HttpResponse<String> opened = recipientBrowser().get(path(mine), "X-Forwarded-For", address);
        assertThat(opened.statusCode()).isEqualTo(200);
        String visit = opened.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("tijori_share_visit=")).findFirst().orElseThrow()
                .split(";", 2)[0];

        assertThat(recipientBrowser().getBytes(path(mine) + "/0/download", "Cookie", visit, "X-Forwarded-For",
                address).statusCode()).as("its own link").isEqualTo(200);
        assertThat(recipientBrowser().getBytes(path(theirs) + "/0/download", "Cookie", visit, "X-Forwarded-For",
                address).statusCode()).as("another link of the same sender and document").isEqualTo(404);
        assertThat(recipientBrowser().getBytes(path(mine) + "/0/download", "Cookie", visit + "0",
                "X-Forwarded-For", address).statusCode()).as("a visit key that was never given").isEqualTo(404);
    }

    @Test
    void concurrentFirstDownloadsStampOneCopy() throws Exception {
        Resident asha = newResident();
        String recipient = recipient();
        HttpResponse<String> created = share(asha, uploaded(upload(asha)), recipient, "");
        String id = field(created.body(), "id");
        Mail mail = mailTo(recipient);
        WebClient stranger = recipientBrowser();
        String address = address();
        assertThat(stranger.get(path(mail), "X-Forwarded-For", address).statusCode()).isEqualTo(200);
        long blobs = count("storage_blob");

        List<java.util.concurrent.Future<HttpResponse<byte[]>>> downloads = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            for (int i = 0; i < 6; i++) {
                downloads.add(pool.submit(() -> stranger.getBytes(path(mail) + "/0/download", "X-Forwarded-For",
                        address)));
            }
        }
        finally {
            pool.shutdown();
        }
        List<byte[]> bodies = new ArrayList<>();
        for (var download : downloads) {
            assertThat(download.get().statusCode()).isEqualTo(200);
            bodies.add(download.get().body());
        }
        assertThat(copies(id)).hasSize(1);
        byte[] kept = stored((UUID) copies(id).get(0).get("blob_id"));
        assertThat(bodies).allSatisfy(body -> assertThat(body).isEqualTo(kept));
        assertThat(count("storage_blob")).as("one blob kept, none half-written").isEqualTo(blobs + 1);
    }

    @Test
    void revokingAShareDeletesItsStampedCopies() throws Exception {
        Resident asha = newResident();
        String recipient = recipient();
        String id = field(share(asha, uploaded(upload(asha)), recipient, "").body(), "id");
        UUID blob = downloadedCopy(mailTo(recipient), id);

        assertThat(asha.web().send("DELETE", "/api/v1/locker/shares/" + id, null, null, "X-CSRF-TOKEN",
                csrf(asha.web())).statusCode()).isEqualTo(204);
        assertThat(copies(id)).isEmpty();
        assertNoBlob(blob);
    }

    @Test
    void deletingASharedUploadDeletesItsStampedCopies() throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        String recipient = recipient();
        String id = field(share(asha, uploaded(upload), recipient, "").body(), "id");
        UUID blob = downloadedCopy(mailTo(recipient), id);

        assertThat(asha.web().send("DELETE", "/api/v1/locker/uploaded/" + upload, null, null, "X-CSRF-TOKEN",
                csrf(asha.web())).statusCode()).isEqualTo(204);
        assertThat(copies(id)).isEmpty();
        assertNoBlob(blob);
    }

    @Test
    void theSweepDeletesTheStampedCopiesOfExpiredSharesOnly() throws Exception {
        Resident asha = newResident();
        String recipient = recipient();
        String expiring = field(share(asha, uploaded(upload(asha)), recipient, ",\"expiresInHours\":1").body(), "id");
        UUID expiringBlob = downloadedCopy(mailTo(recipient), expiring);
        String other = recipient();
        String lasting = field(share(asha, uploaded(upload(asha)), other, "").body(), "id");
        UUID lastingBlob = downloadedCopy(mailTo(other), lasting);

        sharing.collectEndedCopies();
        assertThat(copies(expiring)).hasSize(1);
        clock.advance(Duration.ofHours(2));
        assertThat(sharing.collectEndedCopies()).isGreaterThanOrEqualTo(1);
        assertThat(copies(expiring)).isEmpty();
        assertNoBlob(expiringBlob);
        assertThat(copies(lasting)).hasSize(1);
        assertThat(vault.describe(new BlobId(lastingBlob))).isPresent();
    }

    @Test
    void closingTheAccountDeletesItsStampedCopies() throws Exception {
        Resident asha = newResident();
        String recipient = recipient();
        String id = field(share(asha, uploaded(upload(asha)), recipient, "").body(), "id");
        UUID blob = downloadedCopy(mailTo(recipient), id);

        accounts.scheduleDeletion(asha.account().id(), PASSWORD, "192.0.2.1");
        await().untilAsserted(() -> assertThat(copies(id)).isEmpty());
        assertNoBlob(blob);
    }

    /** Opens the link, downloads its first document, and returns the blob of the copy kept. */
    private UUID downloadedCopy(Mail mail, String id) throws Exception {
        WebClient stranger = recipientBrowser();
        String address = address();
        assertThat(stranger.get(path(mail), "X-Forwarded-For", address).statusCode()).isEqualTo(200);
        assertThat(stranger.getBytes(path(mail) + "/0/download", "X-Forwarded-For", address).statusCode())
                .isEqualTo(200);
        List<Map<String, Object>> kept = copies(id);
        assertThat(kept).hasSize(1);
        UUID blob = (UUID) kept.get(0).get("blob_id");
        assertThat(vault.describe(new BlobId(blob))).isPresent();
        assertThat(Files.exists(objectOf(blob))).isTrue();
        return blob;
    }

    private List<Map<String, Object>> copies(String share) {
        return jdbc.sql("select position, blob_id from sharing_stamped_copy where share_id = ? order by position")
                .param(UUID.fromString(share)).query().listOfRows();
    }

    private byte[] stored(UUID blob) throws IOException {
        try (var in = vault.open(new BlobId(blob))) {
            return in.readAllBytes();
        }
    }

    private Path objectOf(UUID blob) {
        String name = blob.toString();
        return state.blobs().resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name);
    }

    /** Neither the blob's row nor its object is left (the object goes once the deletion commits). */
    private void assertNoBlob(UUID blob) {
        assertThat(vault.describe(new BlobId(blob))).isEmpty();
        await().untilAsserted(() -> assertThat(Files.exists(objectOf(blob))).as("the blob's object").isFalse());
    }

    @Test
    void anAccessCodeIsAskedForFirstNeverMailedAndWrongCodesLockTheLink() throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        String recipient = recipient();
        assertThat(share(asha, uploaded(upload), recipient, ",\"accessCode\":\"saffron-4821\"").statusCode())
                .isEqualTo(201);
        Mail mail = mailTo(recipient);
        assertThat(mail.text() + mail.html()).doesNotContain("saffron-4821").contains("access code");

        WebClient stranger = recipientBrowser();
        String address = address();
        HttpResponse<String> form = stranger.get(path(mail), "X-Forwarded-For", address);
        assertThat(form.statusCode()).isEqualTo(200);
        assertRecipientHeaders(form);
        assertThat(form.body()).contains("name=\"accessCode\"", "name=\"_csrf\"").doesNotContain("ration-card.pdf");
        assertThat(stranger.getBytes(path(mail) + "/0/download", "X-Forwarded-For", address).statusCode())
                .as("no download before the code").isEqualTo(404);
        HttpResponse<String> withoutToken = stranger.postForm(path(mail), Map.of("accessCode", "saffron-4821"),
                "X-Forwarded-For", address);
        assertThat(withoutToken.statusCode()).as("the form is CSRF protected").isEqualTo(403);

        for (int attempt = 1; attempt <= 4; attempt++) {
            HttpResponse<String> wrong = stranger.postForm(path(mail), Map.of("_csrf",
                    WebClient.csrfTokenOf(form.body()), "accessCode", "wrong-" + attempt), "X-Forwarded-For", address);
            assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
            assertThat(wrong.body()).contains("id=\"code-wrong\"", String.valueOf(5 - attempt));
        }
        HttpResponse<String> locked = stranger.postForm(path(mail), Map.of("_csrf", WebClient.csrfTokenOf(form.body()),
                "accessCode", "wrong-5"), "X-Forwarded-For", address);
        assertThat(locked.statusCode()).isEqualTo(410);
        assertThat(locked.body()).contains("locked");
        HttpResponse<String> rightTooLate = stranger.postForm(path(mail), Map.of("_csrf",
                WebClient.csrfTokenOf(form.body()), "accessCode", "saffron-4821"), "X-Forwarded-For", address);
        assertThat(rightTooLate.statusCode()).isEqualTo(410);
        assertThat(asha.web().get("/api/v1/locker/shares").body()).contains("\"state\":\"LOCKED\"");
        await().untilAsserted(() -> assertThat(trail.about(asha.account().id().toString(), 50))
                .extracting(AuditEntry::action).contains("sharing.ShareLinkLocked"));
    }

    @Test
    void theRightAccessCodeOpensTheDocuments() throws Exception {
        Resident asha = newResident();
        String recipient = recipient();
        assertThat(share(asha, uploaded(upload(asha)), recipient, ",\"accessCode\":\"saffron-4821\"").statusCode())
                .isEqualTo(201);
        Mail mail = mailTo(recipient);
        WebClient stranger = recipientBrowser();
        String address = address();
        HttpResponse<String> form = stranger.get(path(mail), "X-Forwarded-For", address);
        HttpResponse<String> right = stranger.postForm(path(mail), Map.of("_csrf", WebClient.csrfTokenOf(form.body()),
                "accessCode", "saffron-4821"), "X-Forwarded-For", address);
        assertThat(right.statusCode()).isEqualTo(303);
        HttpResponse<String> page = stranger.get(path(mail), "X-Forwarded-For", address);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("ration-card.pdf");
        assertThat(stranger.getBytes(path(mail) + "/0/download", "X-Forwarded-For", address).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aLinkUsedUpOrExpiredAnswers410AndAnUnknownOne404() throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        String once = recipient();
        assertThat(share(asha, uploaded(upload), once, ",\"maxViews\":1").statusCode()).isEqualTo(201);
        Mail onceMail = mailTo(once);
        assertThat(recipientBrowser().get(path(onceMail), "X-Forwarded-For", address()).statusCode()).isEqualTo(200);
        HttpResponse<String> usedUp = recipientBrowser().get(path(onceMail), "X-Forwarded-For", address());
        assertThat(usedUp.statusCode()).isEqualTo(410);
        assertThat(usedUp.body()).contains("as many times");

        String hour = recipient();
        assertThat(share(asha, uploaded(upload), hour, ",\"expiresInHours\":1").statusCode()).isEqualTo(201);
        Mail hourMail = mailTo(hour);
        assertThat(recipientBrowser().get(path(hourMail), "X-Forwarded-For", address()).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(61));
        HttpResponse<String> expired = recipientBrowser().get(path(hourMail), "X-Forwarded-For", address());
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("expired");
        clock.reset();

        HttpResponse<String> unknown = recipientBrowser().get("/s/" + "A".repeat(43), "X-Forwarded-For", address());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertRecipientHeaders(unknown);
        assertThat(unknown.body()).contains("id=\"share-unknown\"");
        assertThat(recipientBrowser().get("/s/short", "X-Forwarded-For", address()).statusCode()).isEqualTo(404);
    }

    @Test
    void anotherResidentsDocumentsAndABadAddressAreRefusedAndNothingIsStoredOrSent() throws Exception {
        Resident owner = newResident();
        String upload = upload(owner);
        String uri = deliver(owner);
        Resident thief = newResident();
        long shares = count("sharing_link");
        long documents = count("sharing_document");
        String recipient = recipient();

        HttpResponse<String> theirUpload = share(thief, uploaded(upload), recipient, "");
        assertThat(theirUpload.statusCode()).as(theirUpload.body()).isEqualTo(404);
        assertThat(theirUpload.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(share(thief, "[{\"kind\":\"issued\",\"uri\":\"" + uri + "\"}]", recipient, "").statusCode())
                .isEqualTo(404);
        // One of the thief's own with one of the owner's: still nothing.
        String own = upload(thief);
        assertThat(share(thief, "[{\"kind\":\"uploaded\",\"id\":\"" + own + "\"},{\"kind\":\"uploaded\",\"id\":\""
                + upload + "\"}]", recipient, "").statusCode()).isEqualTo(404);
        HttpResponse<String> badAddress = share(owner, uploaded(upload), "not an address", "");
        assertThat(badAddress.statusCode()).isEqualTo(400);
        assertThat(badAddress.body()).contains("e-mail address");
        assertThat(share(owner, uploaded(upload), "x@example.org\r\nBcc: y@example.org", "").statusCode())
                .isEqualTo(400);
        assertThat(share(owner, uploaded(upload), recipient(), ",\"expiresInHours\":721").statusCode()).isEqualTo(400);

        assertThat(count("sharing_link")).isEqualTo(shares);
        assertThat(count("sharing_document")).isEqualTo(documents);
        Thread.sleep(500);
        // Every test's recipients share a domain: only this test's address tells its mail apart.
        assertThat(smtp.getReceivedMessages()).noneMatch(message -> {
            try {
                return message.getAllRecipients()[0].toString().equals(recipient);
            }
            catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(thief.web().send("DELETE", "/api/v1/locker/shares/" + java.util.UUID.randomUUID(), null, null,
                "X-CSRF-TOKEN", csrf(thief.web())).statusCode()).isEqualTo(404);
    }

    @Test
    void aViewOnlyLinkRefusesDownloads() throws Exception {
        Resident asha = newResident();
        String recipient = recipient();
        assertThat(share(asha, uploaded(upload(asha)), recipient, ",\"downloadAllowed\":false").statusCode())
                .isEqualTo(201);
        Mail mail = mailTo(recipient);
        WebClient stranger = recipientBrowser();
        String address = address();
        HttpResponse<String> page = stranger.get(path(mail), "X-Forwarded-For", address);
        assertThat(page.body()).contains("id=\"view-only\"").doesNotContain("/0/download");
        assertThat(stranger.getBytes(path(mail) + "/0/download", "X-Forwarded-For", address).statusCode())
                .isEqualTo(403);
        assertThat(stranger.getBytes(path(mail) + "/0/view", "X-Forwarded-For", address).statusCode())
                .isEqualTo(200);
    }

    @Test
    void deletingASharedUploadEndsItsShares() throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        String recipient = recipient();
        assertThat(share(asha, uploaded(upload), recipient, "").statusCode()).isEqualTo(201);
        Mail mail = mailTo(recipient);
        assertThat(asha.web().send("DELETE", "/api/v1/locker/uploaded/" + upload, null, null, "X-CSRF-TOKEN",
                csrf(asha.web())).statusCode()).isEqualTo(204);
        await().untilAsserted(() -> assertThat(asha.web().get("/api/v1/locker/shares").body())
                .contains("\"state\":\"REVOKED\"", "\"endedReason\":\"document-deleted\""));
        assertThat(recipientBrowser().get(path(mail), "X-Forwarded-For", address()).statusCode()).isEqualTo(410);
    }

    @Test
    void theShareFormOnTheDocumentPagesCreatesAShareInTheResidentsLanguage() throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        String uri = deliver(asha);
        assertThat(asha.web().get("/locker/issued/" + uri).body()).contains("action=\"/locker/shared\"",
                "name=\"email\"", "name=\"expiresInHours\"", "name=\"maxViews\"", "name=\"accessCode\"",
                "value=\"issued:" + uri + "\"");
        assertThat(asha.web().get("/locker/uploaded").body()).contains("value=\"uploaded:" + upload + "\"",
                "form=\"share-selected\"");
        String recipient = recipient();
        HttpResponse<String> posted = asha.web().postForm("/locker/shared?lang=hi", Map.of("_csrf", csrf(asha.web()),
                "document", "issued:" + uri, "email", recipient, "expiresInHours", "24", "maxViews", "",
                "accessCode", "", "downloadAllowed", "true"));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        Mail mail = mailTo(recipient);
        assertThat(mail.subject()).contains("साझा");
        assertThat(mail.text()).contains("Class XII Marksheet");
        HttpResponse<String> list = asha.web().follow(posted);
        assertThat(list.body()).contains("id=\"share-created\"", recipient);

        HttpResponse<String> refused = asha.web().postForm("/locker/shared", Map.of("_csrf", csrf(asha.web()),
                "document", "issued:" + uri, "email", "nobody", "expiresInHours", "24"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"share-error\"", "value=\"issued:" + uri + "\"")
                .as("in the language the resident chose").contains("पाने वाले का पूरा ई-मेल पता दें, जैसे name@example.com।")
                .doesNotContain("e-mail address in full");
        HttpResponse<String> shortCode = asha.web().postForm("/locker/shared", Map.of("_csrf", csrf(asha.web()),
                "document", "issued:" + uri, "email", recipient(), "expiresInHours", "24", "accessCode", "ab"));
        assertThat(shortCode.statusCode()).isEqualTo(400);
        assertThat(shortCode.body()).contains("एक्सेस कोड में 4 से");
        HttpResponse<String> english = asha.web().postForm("/locker/shared?lang=en", Map.of("_csrf",
                csrf(asha.web()), "email", recipient(), "expiresInHours", "24"));
        assertThat(english.statusCode()).isEqualTo(400);
        assertThat(english.body()).contains("Choose at least one document to share.");
    }

    @Test
    void theResidentIsToldByTextAtTheFirstOpeningOnlyAndWhenTheyAskedTo() throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        String told = recipient();
        String untold = recipient();
        assertThat(share(asha, uploaded(upload), untold, ",\"notifyFirstOpening\":false").statusCode()).isEqualTo(201);
        HttpResponse<String> loudShare = share(asha, uploaded(upload), told, "");
        assertThat(loudShare.statusCode()).isEqualTo(201);
        Mail quiet = mailTo(untold);
        Mail loud = mailTo(told);
        assertThat(recipientBrowser().get(path(quiet), "X-Forwarded-For", address()).statusCode()).isEqualTo(200);
        assertThat(recipientBrowser().get(path(loud), "X-Forwarded-For", address()).statusCode()).isEqualTo(200);
        assertThat(recipientBrowser().get(path(loud), "X-Forwarded-For", address()).statusCode()).isEqualTo(200);
        String mobile = asha.account().mobile().value();
        await().untilAsserted(() -> assertThat(SmsOutbox.of(state.root()).messagesTo(mobile))
                .extracting(SmsOutbox.Sms::text).anySatisfy(text -> assertThat(text).contains(told)));
        Thread.sleep(500);
        assertThat(SmsOutbox.of(state.root()).messagesTo(mobile)).extracting(SmsOutbox.Sms::text)
                .as("once, for the link whose resident asked").hasSize(1).noneMatch(text -> text.contains(untold));
        assertThat(jdbc.sql("select count(*) from event_publication where listener_id like '%OpeningNotices%' "
                + "and serialized_event like ?").param("%" + field(loudShare.body(), "id") + "%")
                .query(Long.class).single())
                .as("only a first opening is the notices' business: the second left no publication").isOne();
    }

    @Test
    void closingTheAccountEndsItsShares() throws Exception {
        Resident asha = newResident();
        String recipient = recipient();
        assertThat(share(asha, uploaded(upload(asha)), recipient, "").statusCode()).isEqualTo(201);
        Mail mail = mailTo(recipient);
        accounts.scheduleDeletion(asha.account().id(), PASSWORD, "192.0.2.1");
        await().untilAsserted(() -> assertThat(recipientBrowser().get(path(mail), "X-Forwarded-For", address())
                .statusCode()).isEqualTo(410));
        assertThat(jdbc.sql("select ended_reason from sharing_link where account_id = ?")
                .param(asha.account().id().value()).query(String.class).single()).isEqualTo("account-closed");
    }

    @Test
    void sharesPerResidentAndMailsPerRecipientAreCapped() throws Exception {
        Resident asha = newResident();
        String upload = upload(asha);
        for (int i = 0; i < 4; i++) {
            assertThat(share(asha, uploaded(upload), recipient(), "").statusCode()).isEqualTo(201);
        }
        long shares = count("sharing_link");
        HttpResponse<String> tooMany = share(asha, uploaded(upload), recipient(), "");
        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(tooMany.headers().firstValue("Retry-After")).hasValue("3600");
        assertThat(tooMany.body()).contains("in the last hour");
        assertThat(count("sharing_link")).isEqualTo(shares);

        String flooded = recipient();
        for (int i = 0; i < 3; i++) {
            Resident sender = newResident();
            assertThat(share(sender, uploaded(upload(sender)), flooded, "").statusCode()).isEqualTo(201);
        }
        Resident fourth = newResident();
        HttpResponse<String> capped = share(fourth, uploaded(upload(fourth)), flooded, "");
        assertThat(capped.statusCode()).isEqualTo(429);
        assertThat(capped.headers().firstValue("Retry-After")).hasValue("86400");
        assertThat(capped.body()).contains("This address received");
    }

    @Test
    void eachAddressGetsSoManyRequestsToShareLinksAMinute() throws Exception {
        WebClient stranger = recipientBrowser();
        String address = address();
        int answered = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 30; i++) {
            last = stranger.get("/s/" + "B".repeat(43), "X-Forwarded-For", address);
            if (last.statusCode() == 429) {
                break;
            }
            answered++;
        }
        assertThat(answered).isEqualTo(25);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertRecipientHeaders(last);
        assertThat(recipientBrowser().get("/s/" + "B".repeat(43), "X-Forwarded-For", address()).statusCode())
                .as("another address is not held up").isEqualTo(404);
    }

    /**
     * The same journey in Chromium, as people do it: the resident shares an upload from its card with the keyboard,
     * the recipient opens the link from the e-mail on a phone-sized screen and downloads, and the resident sees the
     * opening and revokes. Skipped where no Chromium is installed.
     */
    @Test
    void aResidentSharesFromTheUploadsPageAndTheRecipientOpensTheLinkOnAPhoneInChromium() throws Exception {
        Resident asha = newResident();
        upload(asha);
        String recipient = recipient();
        try (Chromium chromium = Chromium.launchOrSkip()) {
            BrowserContext resident = chromium.browser().newContext(new Browser.NewContextOptions()
                    .setBaseURL("http://localhost:" + port).setLocale("en-GB").setViewportSize(1280, 800));
            List<String> problems = watch(resident);
            Page page = resident.newPage();
            page.navigate("/login");
            page.locator("#username").fill(asha.username());
            page.locator("#password").fill(PASSWORD);
            page.locator("#password").press("Enter");
            page.waitForURL("**/dashboard");
            page.navigate("/locker/uploaded");
            Locator card = page.locator(".doc-card").first();
            card.locator("summary", new Locator.LocatorOptions().setHasText("Share")).click();
            card.getByLabel("Recipient's e-mail").fill(recipient);
            card.getByLabel("Most openings (optional)").fill("2");
            card.getByLabel("Most openings (optional)").press("Enter");
            page.waitForURL("**/locker/shared?created");
            assertThat(page.locator("#share-created").textContent()).contains("recipient gets the link");
            assertThat(page.locator("#share-list").textContent()).contains(recipient, "ration-card.pdf", "Active");

            Mail mail = mailTo(recipient);
            BrowserContext phone = chromium.browser().newContext(new Browser.NewContextOptions()
                    .setLocale("en-GB").setViewportSize(360, 740).setAcceptDownloads(true)
                    .setExtraHTTPHeaders(Map.of("X-Forwarded-For", address())));
            problems.addAll(watch(phone));
            Page recipientPage = phone.newPage();
            com.microsoft.playwright.Response opened = recipientPage.navigate("http://localhost:" + port
                    + path(mail));
            assertThat(opened.status()).isEqualTo(200);
            assertThat(opened.headerValue("referrer-policy")).isEqualTo("no-referrer");
            assertThat(recipientPage.locator("#share-sender").textContent()).contains(asha.username());
            assertThat((Integer) recipientPage.evaluate("document.scrollingElement.scrollWidth"))
                    .as("fits a 360px screen").isLessThanOrEqualTo(360);
            recipientPage.waitForCondition(() -> (Boolean) recipientPage.evaluate(
                    "document.querySelector('img.document-preview').complete"));
            Download download = recipientPage.waitForDownload(() -> recipientPage.locator("a.download").first().click());
            assertThat(textOf(java.nio.file.Files.readAllBytes(download.path())))
                    .contains("Shared by " + asha.username() + " with " + recipient);

            page.navigate("/locker/shared");
            page.locator("#share-list details summary").first().click();
            assertThat(page.locator(".openings").first().textContent()).contains("page", "download: ration-card.pdf");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke the link sent to "
                    + recipient)).click();
            page.waitForURL("**/locker/shared?revoked");
            assertThat(page.locator(".share-state").first().textContent()).isEqualTo("Revoked");
            assertThat(phone.newPage().navigate("http://localhost:" + port + path(mail)).status()).isEqualTo(410);
            assertThat(problems).as("console errors, CSP violations, failed requests (but the ended link's 410)")
                    .filteredOn(problem -> !problem.contains("410")).isEmpty();
        }
    }

    private static List<String> watch(BrowserContext context) {
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        context.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                problems.add(message.text());
            }
        });
        context.onResponse(response -> {
            if (response.status() >= 400) {
                problems.add(response.status() + " " + response.url());
            }
        });
        return problems;
    }

    private static void assertRecipientHeaders(HttpResponse<?> answer) {
        assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(answer.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(answer.headers().firstValue("X-Robots-Tag")).hasValue("noindex");
    }

    private HttpResponse<String> share(Resident resident, String documents, String email, String more)
            throws Exception {
        String json = "{\"documents\":" + documents + ",\"email\":\"" + email.replace("\r", "\\r").replace("\n", "\\n")
                + "\"" + more + "}";
        return resident.web().postJson("/api/v1/locker/shares", json, "X-CSRF-TOKEN", csrf(resident.web()));
    }

    private static String uploaded(String id) {
        return "[{\"kind\":\"uploaded\",\"id\":\"" + id + "\"}]";
    }

    private Mail mailTo(String recipient) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            found.clear();
            for (MimeMessage message : smtp.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().equals(recipient)) {
                    found.add(message);
                }
            }
            assertThat(found).hasSize(1);
        });
        MimeMessage message = found.get(0);
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        parts(message, text, html);
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as("a link in " + text).isTrue();
        return new Mail(message.getSubject(), text.toString(), html.toString(), link.group(), link.group(1));
    }

    private static void parts(Part part, StringBuilder text, StringBuilder html) throws Exception {
        if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        }
        else if (part.isMimeType("text/html")) {
            html.append(part.getContent());
        }
        else if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                parts(body, text, html);
            }
        }
    }

    private String path(Mail mail) {
        return "/s/" + mail.token();
    }

    private WebClient recipientBrowser() {
        return new WebClient(port);
    }

    private static String recipient() {
        return "friend" + counter.incrementAndGet() + "x" + System.nanoTime() % 100_000 + "@example.org";
    }

    private static String address() {
        int n = counter.incrementAndGet();
        return "198.51." + (n / 250 % 250) + "." + (n % 250 + 1);
    }

    private Resident newResident() throws Exception {
        int n = counter.incrementAndGet();
        String username = "sharer" + n + "x" + (System.nanoTime() % 100_000);
        ResidentAccount account = accounts.signUp(new MobileNumber(String.valueOf(6_300_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n % 100)), username, PASSWORD);
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/dashboard"));
        return new Resident(account, web);
    }

    private String upload(Resident resident) throws Exception {
        HttpResponse<String> uploaded = resident.web().postMultipart("/api/v1/locker/uploaded", Map.of(), "file",
                "ration-card.pdf", TestDocuments.pdf(), "X-CSRF-TOKEN", csrf(resident.web()));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        return field(uploaded.body(), "id");
    }

    private String deliver(Resident resident) throws Exception {
        return deliver(resident, null, null);
    }

    /** An issued document from a new issuer with these Hindi names of itself and its doc type, or none. */
    private String deliver(Resident resident, String issuerNameHi, String docTypeNameHi) throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.share" + counter.incrementAndGet(), TestIssuerKeys.generate("Board"));
        String registration = issuer.registrationJson("HSCER");
        if (issuerNameHi != null) {
            registration = registration.replace("\"category\":\"state\"",
                    "\"category\":\"state\",\"nameHi\":\"" + issuerNameHi + "\"").replace("\"name\":\"Class XII Marksheet\"",
                    "\"name\":\"Class XII Marksheet\",\"nameHi\":\"" + docTypeNameHi + "\"");
        }
        issuer.registerAndApprove(new WebClient(port), registration, TOKEN);
        return issuer.publish(new WebClient(port), "<DigiLockerId>" + resident.account().lockerId() + "</DigiLockerId>",
                "HSCER", "SH" + counter.incrementAndGet(), "234567890124", "Asha Verma");
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static String csrf(WebClient web) throws Exception {
        return WebClient.csrfTokenOf(web.get("/locker/uploaded").body());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }

    private static String textOf(byte[] pdf) throws IOException {
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (var document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    record Resident(ResidentAccount account, WebClient web) {

        String username() {
            return account.username();
        }
    }

    record Mail(String subject, String text, String html, String link, String token) {
    }

    /** A clock that runs with real time, moved forward by a test and back again after it. */
    static final class MovableClock extends Clock {

        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        void reset() {
            offset = Duration.ZERO;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.offset(Clock.system(zone), offset);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
