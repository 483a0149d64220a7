package org.tijori.notification;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.IndianTime;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;
import org.tijori.issuer.events.DocumentDelivered;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notices about issued documents, end to end: real pushes and status changes by an approved issuer over HTTP, the
 * listeners after commit, the reminder job, the SMS digest job writing to the {@code log} provider's outbox, and the
 * resident's pages. The digest job runs every 200 ms here, without gathering, and sends at most two messages a
 * resident a day.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + DocumentNotificationTests.TOKEN, "tijori.issuer.registrations-per-address=1000",
        "tijori.notification.sms-gathering=0s", "tijori.notification.sms-interval=200ms",
        "tijori.notification.sms-per-resident-per-day=2", "tijori.notification.reminder-interval=12h",
        "tijori.notification.reminder-days=30" })
class DocumentNotificationTests {

    static final String TOKEN = "notification-tests-bootstrap-token-0123456789";

    static final String PASSWORD = "a long and unusual phrase";

    static final AtomicInteger counter = new AtomicInteger();

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-uuuu");

    /** Several runs of the digest job: long enough for a second message to have left, were there one. */
    static final Duration SEVERAL_RUNS = Duration.ofMillis(1200);

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    ResidentNotices notices;

    @Autowired
    ValidityReminders reminders;

    @Autowired
    NoticeTexts texts;

    @Autowired
    StateDirectory state;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aResidentWhoChoseHindiIsTextedInHindiAlone() throws Exception {
        Resident resident = newResident();
        assertThat(resident.web().get("/dashboard?lang=hi").statusCode()).isEqualTo(200);
        assertThat(accounts.languageOf(resident.account().id())).hasValue(NoticeTexts.HINDI);
        push(approvedIssuer(), resident, "HI" + counter.get(), null);

        List<SmsOutbox.Sms> sent = awaitSms(resident, 1);
        assertThat(sent.get(0).text()).contains("Class XII Marksheet आपके लॉकर में आ गया है।").doesNotContain("arrived");
    }

    @Test
    void aResidentWithAVerifiedAddressGetsTheDigestByEmailUntilTheySwitchItOff() throws Exception {
        Resident resident = newResident();
        Resident withoutAddress = newResident();
        String address = "notices-" + resident.account().id() + "@example.org";
        jdbc.sql("update account_resident set email = ?, email_verified_at = now() where id = ?")
                .params(address, resident.account().id().value()).update();
        TestIssuer issuer = approvedIssuer();
        push(issuer, resident, "EM" + counter.get(), null);
        push(issuer, withoutAddress, "EN" + counter.get(), null);
        awaitSms(resident, 1);
        awaitSms(withoutAddress, 1);

        List<Map<String, Object>> mails = jdbc.sql(
                "select subject, text_body from notification_mail_outbox where recipient = ?").param(address)
                .query().listOfRows();
        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.get("subject")).isEqualTo("A notification about the documents in your Tijori locker");
            assertThat((String) mail.get("text_body")).contains("- Class XII Marksheet arrived in your locker.",
                    "Class XII Marksheet आपके लॉकर में आ गया है।", "/dashboard/notifications");
        });
        assertThat(jdbc.sql("select count(*) from notification_mail_outbox where subject like '%Tijori locker%' "
                + "and recipient like 'notices-%' and recipient <> ?").param(address).query(Long.class).single())
                .as("a resident without an address gets no e-mail").isZero();

        assertThat(resident.web().submit("/dashboard/notifications/settings", "/dashboard/notifications/settings",
                Map.of("arrivals", "true", "withdrawals", "true", "reminders", "true")).statusCode()).isEqualTo(302);
        push(issuer, resident, "EO" + counter.get(), null);
        awaitSms(resident, 2);
        assertThat(jdbc.sql("select count(*) from notification_mail_outbox where recipient = ?").param(address)
                .query(Long.class).single()).as("e-mail switched off").isEqualTo(1);
    }

    @Test
    void aPushedDocumentIsOneNoticeOnTheDashboardAndOneSmsInEnglishAndHindi() throws Exception {
        Resident resident = newResident();
        Resident stranger = newResident();
        TestIssuer issuer = approvedIssuer();
        String uri = push(issuer, resident, "AR" + counter.get(), null);

        List<SmsOutbox.Sms> sent = awaitSms(resident, 1);
        assertThat(sent.get(0).text()).contains("Tijori: Class XII Marksheet arrived in your locker.",
                "Class XII Marksheet आपके लॉकर में आ गया है।");
        Thread.sleep(SEVERAL_RUNS.toMillis());
        assertThat(outbox().messagesTo(resident.mobile())).hasSize(1);
        assertThat(notices.latest(resident.account().id(), 10)).singleElement().satisfies(notice -> {
            assertThat(notice.kind()).isEqualTo(NoticeKind.ARRIVED);
            assertThat(notice.uri()).isEqualTo(uri);
            assertThat(notice.unread()).isTrue();
        });

        HttpResponse<String> dashboard = resident.web().get("/dashboard");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("id=\"recent-notifications\"", "data-uri=\"" + uri + "\"",
                "Class XII Marksheet arrived in your locker.", "id=\"unread-count\">1 unread<", "notice--unread");
        HttpResponse<String> all = resident.web().get("/dashboard/notifications");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("id=\"notification-list\"", "/locker/issued/" + uri, "id=\"mark-all-read\"");
        assertThat(resident.web().get("/dashboard/notifications?lang=hi").body())
                .contains("Class XII Marksheet आपके लॉकर में आ गया है।");
        assertThat(resident.web().get("/dashboard/notifications?lang=en").statusCode()).isEqualTo(200);

        // Another resident sees none of it, and marking their own read leaves the first one's unread.
        assertThat(stranger.web().get("/dashboard").body()).doesNotContain(uri).doesNotContain("id=\"unread-count\"");
        assertThat(stranger.web().get("/dashboard/notifications").body()).doesNotContain(uri)
                .contains("id=\"notifications-none\"");
        assertThat(stranger.web().submit("/dashboard/notifications", "/dashboard/notifications/read", Map.of())
                .statusCode()).isEqualTo(302);
        assertThat(notices.unreadCount(resident.account().id())).isEqualTo(1);
        assertThat(outbox().messagesTo(stranger.mobile())).isEmpty();

        HttpResponse<String> read = resident.web().submit("/dashboard/notifications", "/dashboard/notifications/read",
                Map.of());
        assertThat(read.statusCode()).isEqualTo(302);
        assertThat(resident.web().follow(read).body()).contains("Every notification is marked read.")
                .doesNotContain("notice--unread");
        assertThat(notices.unreadCount(resident.account().id())).isZero();
        assertThat(resident.web().get("/dashboard").body()).doesNotContain("id=\"unread-count\"")
                .contains("data-uri=\"" + uri + "\"");
    }

    @Test
    void anEventDeliveredAgainNotifiesOnce() throws Exception {
        Resident resident = newResident();
        String uri = "in.gov.again" + counter.incrementAndGet() + "-HSCER-AG1";
        DocumentDelivered delivered = new DocumentDelivered(resident.account().id(), uri, 1, "in.gov.again",
                "Driving Licence");
        transactions.executeWithoutResult(tx -> events.publishEvent(delivered));
        await().atMost(Duration.ofSeconds(10)).until(() -> notices.count(resident.account().id()) == 1);
        assertThat(awaitSms(resident, 1).get(0).text()).contains("Driving Licence arrived in your locker.");

        // The registry delivers it again, as after a crash between the listener's work and its completion.
        transactions.executeWithoutResult(tx -> events.publishEvent(delivered));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql("""
                select count(*) from event_publication where completion_date is null and serialized_event like ?
                and listener_id like '%DocumentNotices%'""")
                .param("%" + uri + "%").query(Long.class).single()).isZero());
        Thread.sleep(SEVERAL_RUNS.toMillis());
        assertThat(notices.count(resident.account().id())).isEqualTo(1);
        assertThat(outbox().messagesTo(resident.mobile())).hasSize(1);

        // A new version is news again.
        transactions.executeWithoutResult(tx -> events.publishEvent(new DocumentDelivered(resident.account().id(), uri,
                2, "in.gov.again", "Driving Licence")));
        await().atMost(Duration.ofSeconds(10)).until(() -> notices.count(resident.account().id()) == 2);
    }

    @Test
    void aRevokedASuspendedAndADeletedDocumentAreEachTold() throws Exception {
        Resident resident = newResident();
        TestIssuer issuer = approvedIssuer();
        String revoked = push(issuer, resident, "RV" + counter.get(), null);
        String deleted = push(issuer, resident, "DL" + counter.get(), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> notices.count(resident.account().id()) == 2);
        // Each step waits for the digest job to settle what came before, so that the notices make at least three
        // digests whatever the machine's pace: the arrivals, the revocation, then the rest past the daily cap.
        awaitNothingPending(resident);

        changeStatus(issuer, revoked, "revoked");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kinds(resident))
                .contains(NoticeKind.REVOKED));
        awaitNothingPending(resident);
        changeStatus(issuer, revoked, "suspended");
        String body = issuer.pushRequest("<DigiLockerId>" + resident.account().lockerId() + "</DigiLockerId>", "HSCER",
                deleted.substring(deleted.lastIndexOf('-') + 1), "D", null, TestIssuer.now(), TestIssuer.newTxn());
        HttpResponse<String> removed = new WebClient(port).post("/public/issuer/issuedoc/1/xml", "application/xml",
                body.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac", issuer.hmac(body));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kinds(resident)).containsExactlyInAnyOrder(
                NoticeKind.ARRIVED, NoticeKind.ARRIVED, NoticeKind.REVOKED, NoticeKind.SUSPENDED, NoticeKind.WITHDRAWN));
        String page = resident.web().get("/dashboard/notifications").body();
        assertThat(page).contains("Class XII Marksheet was revoked by its issuer.",
                "Class XII Marksheet was suspended by its issuer.",
                "Class XII Marksheet was withdrawn by its issuer and is no longer in your locker.");
        // The withdrawn document is gone: its notice names it without a link to it.
        String withdrawn = page.substring(page.indexOf("data-kind=\"WITHDRAWN\""));
        assertThat(withdrawn.substring(0, withdrawn.indexOf("</li>"))).contains(deleted).doesNotContain("href=");
        // Five notices, at most two messages this day; the rest wait on the dashboard.
        awaitNothingPending(resident);
        assertThat(outbox().messagesTo(resident.mobile())).hasSize(2);
        assertThat(jdbc.sql("select count(*) from notification_notice where account_id = ? and sms_state = 'CAPPED'")
                .param(resident.account().id().value()).query(Long.class).single()).isPositive();
    }

    @Test
    void theReminderJobRemindsOnceOfValidityEndingWithinItsWindow() throws Exception {
        Resident resident = newResident();
        Resident stranger = newResident();
        assertThat(resident.web().submit("/dashboard/notifications/settings", "/dashboard/notifications/settings",
                Map.of("withdrawals", "true", "reminders", "true")).statusCode()).isEqualTo(302);
        TestIssuer issuer = approvedIssuer();
        LocalDate today = LocalDate.now(IndianTime.ZONE);
        String soon = push(issuer, resident, "SN" + counter.get(), today.plusDays(10));
        String later = push(issuer, resident, "LT" + counter.get(), today.plusDays(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> notices.count(resident.account().id()) == 2);

        reminders.remindDue();
        reminders.remindDue();

        List<Notice> expiring = notices.latest(resident.account().id(), 10).stream()
                .filter(notice -> notice.kind() == NoticeKind.EXPIRING).toList();
        assertThat(expiring).singleElement().satisfies(notice -> {
            assertThat(notice.uri()).isEqualTo(soon);
            assertThat(notice.validTo()).isEqualTo(today.plusDays(10));
        });
        assertThat(awaitSms(resident, 1).get(0).text()).contains(
                "Tijori: Class XII Marksheet in your locker is valid until " + DAY.format(today.plusDays(10)) + ".",
                "तक मान्य है।");
        assertThat(resident.web().get("/dashboard").body()).contains("Class XII Marksheet is valid until "
                + DAY.format(today.plusDays(10)) + ".");
        assertThat(notices.latest(resident.account().id(), 10)).filteredOn(notice -> notice.uri().equals(later))
                .extracting(Notice::kind).containsExactly(NoticeKind.ARRIVED);
        assertThat(notices.count(stranger.account().id())).isZero();
        Thread.sleep(SEVERAL_RUNS.toMillis());
        assertThat(outbox().messagesTo(resident.mobile())).hasSize(1);
    }

    @Test
    void aKindSwitchedOffIsListedButSentByNoSms() throws Exception {
        Resident resident = newResident();
        HttpResponse<String> saved = resident.web().submit("/dashboard/notifications/settings",
                "/dashboard/notifications/settings", Map.of("withdrawals", "true", "reminders", "true"));
        assertThat(saved.statusCode()).isEqualTo(302);
        String settings = resident.web().follow(saved).body();
        assertThat(settings).contains("id=\"settings-saved\"").containsPattern("id=\"withdrawals\"[^>]*checked")
                .doesNotContainPattern("id=\"arrivals\"[^>]*checked");
        assertThat(notices.preferences(resident.account().id())).isEqualTo(new NoticePreferences(false, true, true, false));

        TestIssuer issuer = approvedIssuer();
        String uri = push(issuer, resident, "OF" + counter.get(), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> notices.count(resident.account().id()) == 1);
        assertThat(resident.web().get("/dashboard").body()).contains("data-uri=\"" + uri + "\"");

        changeStatus(issuer, uri, "revoked");
        List<SmsOutbox.Sms> sent = awaitSms(resident, 1);
        assertThat(sent.get(0).text()).contains("revoked by its issuer");
        Thread.sleep(SEVERAL_RUNS.toMillis());
        assertThat(outbox().messagesTo(resident.mobile())).as("no SMS for the arrival").hasSize(1);
    }

    @Test
    void aDigestCountsTheNoticesInEnglishAndHindi() {
        Notice one = new Notice(java.util.UUID.randomUUID(), NoticeKind.ARRIVED, "in.gov.x-A-1", "PAN card", null,
                java.time.Instant.now(), null);
        String text = texts.sms(new org.tijori.account.AccountId(java.util.UUID.randomUUID()), List.of(one, one, one));
        assertThat(text).isEqualTo("Tijori: 3 new notifications about your documents. See them on your dashboard.\n"
                + "Tijori: आपके दस्तावेज़ों के बारे में 3 नई सूचनाएँ। इन्हें अपने डैशबोर्ड पर देखें।");
    }

    @Test
    void theNoticePagesAreForResidentsOnly() throws Exception {
        HttpResponse<String> anonymous = new WebClient(port).get("/dashboard/notifications");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).contains("/login"));
        assertThat(new WebClient(port).get("/dashboard/notifications/settings").statusCode()).isEqualTo(302);
        Resident resident = newResident();
        assertThat(resident.web().get("/dashboard/notifications?page=not-a-number").statusCode()).isEqualTo(200);
        assertThat(resident.web().get("/dashboard/notifications?page=-4").statusCode()).isEqualTo(200);
    }

    private List<NoticeKind> kinds(Resident resident) {
        return notices.latest(resident.account().id(), 50).stream().map(Notice::kind).toList();
    }

    private void awaitNothingPending(Resident resident) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                select count(*) from notification_notice where account_id = ? and sms_state = 'PENDING'""")
                .param(resident.account().id().value()).query(Long.class).single() == 0);
    }

    private List<SmsOutbox.Sms> awaitSms(Resident resident, int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> outbox().messagesTo(resident.mobile()).size() >= count);
        return outbox().messagesTo(resident.mobile());
    }

    private SmsOutbox outbox() {
        return SmsOutbox.of(state.root());
    }

    private Resident newResident() throws Exception {
        int n = counter.incrementAndGet();
        String username = "note" + n + "x" + (System.nanoTime() % 100_000);
        ResidentAccount account = accounts.signUp(new MobileNumber(String.valueOf(6_500_000_000L
                + (System.nanoTime() % 1_000_000) * 100 + n)), username, PASSWORD);
        WebClient web = new WebClient(port);
        assertThat(web.signIn(username, PASSWORD).statusCode()).isEqualTo(302);
        return new Resident(account, web);
    }

    private TestIssuer approvedIssuer() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.note" + counter.incrementAndGet(), TestIssuerKeys.generate("Board"));
        return issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
    }

    /** Pushes a signed marksheet to the resident's locker by locker ID, valid to {@code validTo} if not null. */
    private String push(TestIssuer issuer, Resident resident, String docId, LocalDate validTo) throws Exception {
        String body = issuer.pushRequest("<DigiLockerId>" + resident.account().lockerId() + "</DigiLockerId>", "HSCER",
                docId, "A", issuer.signedCertificate("HSCER", docId, "234567890124", "Asha Verma"), TestIssuer.now(),
                TestIssuer.newTxn());
        if (validTo != null) {
            body = body.replace("<ValidTo/>", "<ValidTo>" + DAY.format(validTo) + "</ValidTo>");
        }
        HttpResponse<String> pushed = new WebClient(port).post("/public/issuer/issuedoc/1/xml", "application/xml",
                body.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac", issuer.hmac(body));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.body()).contains(">1</ResponseStatus>");
        return issuer.issuerId + "-HSCER-" + docId;
    }

    private void changeStatus(TestIssuer issuer, String uri, String status) throws Exception {
        HttpResponse<String> changed = new WebClient(port).postForm("/public/issuer/1/status",
                issuer.statusForm(uri, status, "Checked again"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    }

    record Resident(ResidentAccount account, WebClient web) {

        String mobile() {
            return account.mobile().value();
        }
    }
}
