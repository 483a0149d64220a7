package org.tijori.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The e-mail outbox against a real SMTP server (GreenMail) and the real database. The application's own
 * dispatcher polls only once an hour here, so that a message arriving within seconds shows the wake-up after
 * commit. The retry, claim and crash cases use dispatchers of their own, as further nodes would be, with a
 * clock set in the year 2100: their messages are not yet due for the application's dispatcher.
 */
@SpringBootTest(properties = { "spring.mail.host=127.0.0.1", "tijori.mail.from=Tijori Test <no-reply@tijori.test>",
        "tijori.mail.poll-interval=1h" })
@ExtendWith(OutputCaptureExtension.class)
class MailDeliveryTests {

    static final GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        smtp.start();
    }

    static final Instant FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    static final MailAddress RAVI = new MailAddress("ravi@example.org");

    static final String SUBJECT = "आशा ने आपके साथ एक दस्तावेज़ साझा किया";

    static final String TEXT = "नमस्ते,\nआशा ने आपके साथ दस्तावेज़ साझा किए हैं: https://tijori.example/s/abc\n";

    static final String HTML = "<p>नमस्ते,</p><p><a href=\"https://tijori.example/s/abc\">दस्तावेज़ खोलें</a></p>";

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @Autowired
    MailOutbox outbox;

    @Autowired
    MailPurge purge;

    @Autowired
    MailDispatcher dispatcher;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void emptyOutboxAndMailboxes() throws Exception {
        jdbc.sql("delete from notification_mail_outbox").update();
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void deliversACommittedMessageWithBothPartsInHindiWithinSeconds() throws Exception {
        double sentBefore = meters.counter("tijori.mail.sent").count();
        transactions.executeWithoutResult(status -> outbox.send(new MailMessage(RAVI, SUBJECT, TEXT, HTML)));

        // The application's dispatcher polls hourly: only the wake-up after commit sends this soon.
        assertThat(smtp.waitForIncomingEmail(3_000, 1)).isTrue();
        MimeMessage received = smtp.getReceivedMessages()[0];
        assertThat(received.getFrom()).containsExactly(new InternetAddress("Tijori Test <no-reply@tijori.test>"));
        assertThat(received.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress(RAVI.value()));
        assertThat(received.getSubject()).isEqualTo(SUBJECT);
        assertThat(received.getHeader("Subject", null)).startsWith("=?UTF-8?");
        assertThat(received.getSentDate()).isNotNull();
        UUID id = jdbc.sql("select id from notification_mail_outbox").query(UUID.class).single();
        assertThat(received.getMessageID()).isEqualTo("<" + id + "@tijori.test>");
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo(TEXT);
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").containsIgnoringCase("utf-8");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo(HTML);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(row(id))
                .containsEntry("attempts", 1).containsEntry("last_error", null)
                .hasEntrySatisfying("sent_at", sent -> assertThat(sent).isNotNull()));
        assertThat(meters.counter("tijori.mail.sent").count()).isEqualTo(sentBefore + 1);
    }

    @Test
    void sendsWhatWaitedWhileTheApplicationWasStoppedAsSoonAsItStarts() throws Exception {
        dispatcher.stop();
        try {
            transactions.executeWithoutResult(status -> outbox.send(new MailMessage(RAVI, "Waited", "Text")));

            assertThat(smtp.waitForIncomingEmail(1_000, 1)).as("nothing sends while stopped").isFalse();
        }
        finally {
            dispatcher.start();
        }
        assertThat(smtp.waitForIncomingEmail(3_000, 1)).isTrue();
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(MailDeliveryTests::subject)).containsExactly("Waited");
    }

    @Test
    void sendsNothingWhenTheCallerRollsBack() throws Exception {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            outbox.send(new MailMessage(RAVI, "Rolled back", "This must never arrive"));
            throw new IllegalStateException("the caller's work failed");
        })).hasMessage("the caller's work failed");
        transactions.executeWithoutResult(status -> outbox.send(new MailMessage(RAVI, "Committed", "This arrives")));

        assertThat(smtp.waitForIncomingEmail(3_000, 1)).isTrue();
        // Delivered in order of creation: had the first been stored, it would have arrived before the second.
        assertThat(smtp.waitForIncomingEmail(1_000, 2)).isFalse();
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(MailDeliveryTests::subject))
                .containsExactly("Committed");
        assertThat(jdbc.sql("select subject from notification_mail_outbox").query(String.class).list())
                .containsExactly("Committed");
    }

    @Test
    void refusesToSendOutsideATransaction() {
        assertThatIllegalStateException().isThrownBy(() -> outbox.send(new MailMessage(RAVI, "Hello", "Text")))
                .withMessageContaining("inside the caller's transaction");
        assertThat(jdbc.sql("select count(*) from notification_mail_outbox").query(Integer.class).single()).isZero();
    }

    @Test
    void aMailServerThatNeverAnswersDoesNotSlowTheSender() throws Exception {
        // Accepts connections (the kernel's backlog does) but never says a word.
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var clock = new MovableClock(FUTURE);
            MailDispatcher node = dispatcher(silent.getLocalPort(), clock, 10, 10);
            node.start();
            try {
                var sender = new JdbcMailOutbox(jdbc, node, clock);
                long started = System.nanoTime();
                transactions.executeWithoutResult(status -> sender.send(new MailMessage(RAVI, "Hello", "Text")));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                // The SMTP time-out is 2 seconds: a sender that waited for the server would take at least that.
                assertThat(took).isLessThan(Duration.ofMillis(1_000));
                UUID id = jdbc.sql("select id from notification_mail_outbox").query(UUID.class).single();
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(row(id))
                        .containsEntry("attempts", 1).containsEntry("sent_at", null)
                        .hasEntrySatisfying("last_error", error -> assertThat((String) error).containsIgnoringCase(
                                "timed out")));
                assertThat(row(id).get("next_attempt_at")).isEqualTo(utc(FUTURE.plus(Duration.ofMinutes(1))));
            }
            finally {
                node.stop();
            }
        }
    }

    @Test
    void triesAgainWithBackOffUntilTheServerIsBack() throws Exception {
        int port = freePort();
        var clock = new MovableClock(FUTURE);
        MailDispatcher node = dispatcher(port, clock, 10, 10);
        UUID id = store(clock, new MailMessage(RAVI, SUBJECT, TEXT, HTML));

        assertThat(node.dispatch()).isEqualTo(1);
        assertThat(row(id)).containsEntry("attempts", 1).containsEntry("sent_at", null)
                .containsEntry("next_attempt_at", utc(FUTURE.plus(Duration.ofMinutes(1))))
                .hasEntrySatisfying("last_error", error -> assertThat((String) error).contains("Connection refused")
                        .doesNotContain("\n").hasSizeLessThanOrEqualTo(MailDispatcher.MAX_ERROR));

        clock.advance(Duration.ofSeconds(59));
        assertThat(node.dispatch()).as("still backing off").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(node.dispatch()).isEqualTo(1);
        assertThat(row(id)).containsEntry("attempts", 2)
                .containsEntry("next_attempt_at", utc(FUTURE.plus(Duration.ofMinutes(3))));

        var back = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        back.start();
        try {
            clock.advance(Duration.ofMinutes(1));
            assertThat(node.dispatch()).as("the doubled wait has not passed").isZero();
            clock.advance(Duration.ofMinutes(1));
            assertThat(node.dispatch()).isEqualTo(1);

            assertThat(back.waitForIncomingEmail(3_000, 1)).isTrue();
            assertThat(back.getReceivedMessages()).singleElement()
                    .satisfies(message -> assertThat(message.getSubject()).isEqualTo(SUBJECT));
            assertThat(row(id)).containsEntry("attempts", 3).containsEntry("last_error", null)
                    .containsEntry("sent_at", utc(clock.instant()));
            clock.advance(Duration.ofHours(1));
            assertThat(node.dispatch()).as("sent once only").isZero();
        }
        finally {
            back.stop();
        }
    }

    /**
     * The server restarted while a batch goes out over its one connection: what it took before it went is sent,
     * the rest waits for the back-off and goes to the restarted server; nothing is lost, and at most the message
     * that was in flight when it went arrives twice (the server may have taken it without its answer reaching us).
     */
    @Test
    void aServerRestartedInTheMiddleOfABatchLosesNothing() throws Exception {
        int port = freePort();
        var clock = new MovableClock(FUTURE);
        MailDispatcher node = dispatcher(port, clock, 10, 30);
        // Large enough that the batch takes a while over the connection, so that the server goes in the middle.
        String text = "Ein Brief. ".repeat(18_000);
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            subjects.add("Batch message " + i);
            store(clock, new MailMessage(RAVI, subjects.get(i), text));
        }
        var first = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        first.start();
        ExecutorService stopper = Executors.newSingleThreadExecutor();
        Future<?> stopped = stopper.submit(() -> {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> first.getReceivedMessages().length >= 3);
            // Only the SMTP service, which closes its connections: GreenMail's stop() would empty its mailboxes too.
            first.getSmtp().stopService();
        });

        node.dispatch();
        stopped.get();
        stopper.shutdown();
        List<String> before = Arrays.stream(first.getReceivedMessages()).map(MailDeliveryTests::subject).toList();
        List<String> sentSubjects = jdbc.sql("select subject from notification_mail_outbox where sent_at is not null")
                .query(String.class).list();
        long sentBefore = jdbc.sql("select count(*) from notification_mail_outbox where sent_at is not null")
                .query(Long.class).single();
        assertThat(sentBefore).as("sent before the server went").isPositive().isLessThan(30);

        var second = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        second.start();
        try {
            clock.advance(Duration.ofMinutes(1));
            assertThat(node.dispatch()).isEqualTo(30 - sentBefore);
            assertThat(second.waitForIncomingEmail(10_000, (int) (30 - sentBefore))).isTrue();
            List<String> after = Arrays.stream(second.getReceivedMessages()).map(MailDeliveryTests::subject).toList();

            assertThat(jdbc.sql("select count(*) from notification_mail_outbox where sent_at is null")
                    .query(Long.class).single()).isZero();
            List<String> all = new ArrayList<>(before);
            all.addAll(after);
            var missing = new HashSet<>(subjects);
            missing.removeAll(all);
            assertThat(missing).as("lost; the first server took %s, the outbox marked sent %s, the second took %s",
                    before, sentSubjects, after).isEmpty();
            assertThat(all.size() - subjects.size()).as("messages that arrived twice").isLessThanOrEqualTo(1);
            System.out.printf("mail server restarted mid-batch: %d of 30 sent before, %d after, %d twice%n",
                    before.size(), after.size(), all.size() - subjects.size());
        }
        finally {
            second.stop();
            first.stop();
        }
    }

    @Test
    void givesUpAfterTheLastAttemptAndSaysSoOnceWithoutTheBody(CapturedOutput output) {
        int port = freePort();
        var clock = new MovableClock(FUTURE);
        MailDispatcher node = dispatcher(port, clock, 3, 10);
        UUID id = store(clock, new MailMessage(RAVI, "Your share", "The secret link https://tijori.example/s/xyz"));

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(node.dispatch()).isEqualTo(1);
            clock.advance(Duration.ofHours(1));
        }
        assertThat(node.dispatch()).isZero();

        assertThat(row(id)).containsEntry("attempts", 3).containsEntry("sent_at", null)
                .hasEntrySatisfying("failed_at", failed -> assertThat(failed).isNotNull())
                .hasEntrySatisfying("last_error", error -> assertThat((String) error).contains("Connection refused"));
        String log = output.getAll();
        assertThat(log.split("given up after", -1)).hasSize(2);
        assertThat(log).contains("E-mail " + id + " to ravi@example.org (\"Your share\") given up after 3 failed attempts")
                .doesNotContain("https://tijori.example/s/xyz");
    }

    @Test
    void twoNodesNeverSendTheSameMessageTwice() throws Exception {
        var clock = new MovableClock(FUTURE);
        int messages = 120;
        MailDispatcher first = dispatcher(smtp.getSmtp().getPort(), clock, 10, 7);
        MailDispatcher second = dispatcher(smtp.getSmtp().getPort(), clock, 10, 7);
        transactions.executeWithoutResult(status -> {
            var sender = new JdbcMailOutbox(jdbc, first, clock);
            for (int i = 0; i < messages; i++) {
                sender.send(new MailMessage(RAVI, "Message " + i, "Text " + i));
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var start = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (MailDispatcher node : List.of(first, second)) {
                runs.add(pool.submit((Callable<Integer>) () -> {
                    start.await();
                    return node.dispatch();
                }));
            }
            start.countDown();
            int attempted = 0;
            for (Future<Integer> run : runs) {
                attempted += run.get();
            }

            assertThat(attempted).isEqualTo(messages);
        }
        finally {
            pool.shutdown();
        }
        assertThat(smtp.waitForIncomingEmail(5_000, messages)).isTrue();
        assertThat(smtp.waitForIncomingEmail(500, messages + 1)).isFalse();
        List<String> subjects = Arrays.stream(smtp.getReceivedMessages()).map(MailDeliveryTests::subject).toList();
        assertThat(new HashSet<>(subjects)).hasSize(messages);
        assertThat(jdbc.sql("select count(*) from notification_mail_outbox where sent_at is not null and attempts = 1")
                .query(Integer.class).single()).isEqualTo(messages);
    }

    @Test
    void sendsWhatANodeThatDiedHadClaimedOnceItsClaimRunsOut() {
        var clock = new MovableClock(FUTURE);
        MailDispatcher survivor = dispatcher(smtp.getSmtp().getPort(), clock, 10, 10);
        UUID id = store(clock, new MailMessage(RAVI, "Claimed by the dead", "Text"));
        // What a node leaves behind when it dies after claiming: its mark, valid for the claim time-out.
        jdbc.sql("update notification_mail_outbox set claimed_by = ?, claimed_until = ? where id = ?")
                .params(UUID.randomUUID(), utc(FUTURE.plus(Duration.ofMinutes(5))), id).update();

        assertThat(survivor.dispatch()).as("still claimed").isZero();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(survivor.dispatch()).isEqualTo(1);

        assertThat(smtp.waitForIncomingEmail(3_000, 1)).isTrue();
        assertThat(row(id)).hasEntrySatisfying("sent_at", sent -> assertThat(sent).isNotNull());
    }

    @Test
    void countsWhatWaitsInTheOutboxForTheBacklogAlert() {
        var clock = new MovableClock(FUTURE);
        store(clock, new MailMessage(RAVI, "waiting one", "Text"));
        UUID sent = store(clock, new MailMessage(RAVI, "sent one", "Text"));
        UUID failed = store(clock, new MailMessage(RAVI, "given up", "Text"));
        store(clock, new MailMessage(RAVI, "waiting two", "Text"));
        jdbc.sql("update notification_mail_outbox set sent_at = ? where id = ?").params(utc(FUTURE), sent).update();
        jdbc.sql("update notification_mail_outbox set failed_at = ? where id = ?").params(utc(FUTURE), failed)
                .update();

        assertThat(meters.get("tijori.mail.outbox.pending").gauge().value()).isEqualTo(2);
    }

    @Test
    void purgesFinishedMessagesAfterTheRetention() {
        var clock = new MovableClock(FUTURE);
        UUID oldSent = store(clock, new MailMessage(RAVI, "old sent", "Text"));
        UUID oldFailed = store(clock, new MailMessage(RAVI, "old failed", "Text"));
        UUID recentSent = store(clock, new MailMessage(RAVI, "recent sent", "Text"));
        UUID waiting = store(clock, new MailMessage(RAVI, "waiting", "Text"));
        jdbc.sql("update notification_mail_outbox set sent_at = ? where id = ?")
                .params(utc(FUTURE.minus(Duration.ofDays(8))), oldSent).update();
        jdbc.sql("update notification_mail_outbox set failed_at = ? where id = ?")
                .params(utc(FUTURE.minus(Duration.ofDays(8))), oldFailed).update();
        jdbc.sql("update notification_mail_outbox set sent_at = ? where id = ?")
                .params(utc(FUTURE.minus(Duration.ofDays(6))), recentSent).update();

        assertThat(purge.purge(FUTURE.minus(Duration.ofDays(7)))).isEqualTo(2);

        assertThat(jdbc.sql("select id from notification_mail_outbox").query(UUID.class).list())
                .containsExactlyInAnyOrder(recentSent, waiting);
    }

    MailDispatcher dispatcher(int port, Clock clock, int maxAttempts, int batch) {
        var settings = new MailSettings("Tijori Test <no-reply@tijori.test>", maxAttempts, Duration.ofMinutes(1),
                Duration.ofMinutes(30), batch, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(7));
        var sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        var properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "2000");
        properties.setProperty("mail.smtp.timeout", "2000");
        sender.setJavaMailProperties(properties);
        return new MailDispatcher(jdbc, new MailComposer(settings.sender(), clock), new SmtpMailTransport(sender),
                settings, clock, new SimpleMeterRegistry());
    }

    /** Stores a message as of the clock's time, with a dispatcher that is not running: nothing wakes. */
    UUID store(Clock clock, MailMessage message) {
        var idle = dispatcher(1, clock, 1, 1);
        transactions.executeWithoutResult(status -> new JdbcMailOutbox(jdbc, idle, clock).send(message));
        return jdbc.sql("select id from notification_mail_outbox where subject = ?").param(message.subject())
                .query(UUID.class).single();
    }

    Map<String, Object> row(UUID id) {
        return jdbc.sql("""
                select attempts, next_attempt_at, sent_at, failed_at, last_error, claimed_by
                from notification_mail_outbox where id = ?""").param(id).query((rs, n) -> {
            Map<String, Object> row = new java.util.HashMap<>();
            row.put("attempts", rs.getInt("attempts"));
            row.put("next_attempt_at", rs.getObject("next_attempt_at", OffsetDateTime.class));
            row.put("sent_at", rs.getObject("sent_at", OffsetDateTime.class));
            row.put("failed_at", rs.getObject("failed_at", OffsetDateTime.class));
            row.put("last_error", rs.getString("last_error"));
            row.put("claimed_by", rs.getObject("claimed_by", UUID.class));
            return row;
        }).single();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
