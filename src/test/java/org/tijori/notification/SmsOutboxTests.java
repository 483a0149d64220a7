package org.tijori.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.SmsOutbox;
import org.tijori.account.MobileNumber;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class SmsOutboxTests {

    static final Instant NOW = Instant.parse("2025-03-14T09:26:53.589Z");

    static final MobileNumber MOBILE = new MobileNumber("9876543210");

    static final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    LogSmsSender sender() {
        return new LogSmsSender(dataDir.resolve("sms-outbox.log"), Clock.fixed(NOW, ZoneOffset.UTC), json);
    }

    List<String> lines() throws IOException {
        return Files.readAllLines(dataDir.resolve("sms-outbox.log"), StandardCharsets.UTF_8);
    }

    @Test
    void writesOneJsonLinePerMessageInOrder() throws IOException {
        var sender = sender();

        sender.send(MOBILE, "Your Tijori code is 123456");
        sender.send(new MobileNumber("7000000001"), "second");
        sender.send(MOBILE, "third");

        assertThat(lines()).containsExactly(
                "{\"at\":\"2025-03-14T09:26:53.589Z\",\"to\":\"9876543210\",\"text\":\"Your Tijori code is 123456\"}",
                "{\"at\":\"2025-03-14T09:26:53.589Z\",\"to\":\"7000000001\",\"text\":\"second\"}",
                "{\"at\":\"2025-03-14T09:26:53.589Z\",\"to\":\"9876543210\",\"text\":\"third\"}");
    }

    @Test
    void makesTheOutboxReadableByItsOwnerOnly() throws IOException {
        sender().send(MOBILE, "Your Tijori code is 123456");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("sms-outbox.log"))))
                .isEqualTo("rw-------");
    }

    @Test
    void takesReadingAwayFromOthersOnAnOutboxThatWasOpen() throws IOException {
        Path outbox = Files.writeString(dataDir.resolve("sms-outbox.log"), "");
        Files.setPosixFilePermissions(outbox, PosixFilePermissions.fromString("rw-r--r--"));

        sender();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox))).isEqualTo("rw-------");
    }

    @Test
    void escapesQuotesNewlinesAndHindi() throws IOException {
        String text = "He said \"hi\"\r\nआपका कोड 654321 है\t\\ \u0007";

        sender().send(MOBILE, text);

        assertThat(lines()).singleElement().satisfies(line -> {
            JsonNode message = json.readTree(line);
            assertThat(message.get("text").asString()).isEqualTo(text);
            assertThat(line).contains("आपका कोड");
        });
        assertThat(SmsOutbox.of(dataDir).messages()).singleElement().satisfies(sms -> {
            assertThat(sms.at()).isEqualTo(NOW);
            assertThat(sms.to()).isEqualTo("9876543210");
            assertThat(sms.text()).isEqualTo(text);
        });
    }

    @Test
    void createsTheOutboxWhenMissing() throws IOException {
        var sender = sender();
        sender.send(MOBILE, "first");
        Files.delete(dataDir.resolve("sms-outbox.log"));

        sender.send(MOBILE, "after removal");

        assertThat(SmsOutbox.of(dataDir).messages()).extracting(SmsOutbox.Sms::text).containsExactly("after removal");
    }

    @Test
    void logsTheMaskedNumberAndTheText(CapturedOutput output) {
        sender().send(MOBILE, "Your Tijori code is 123456");

        assertThat(output.getAll()).contains("******3210").contains("Your Tijori code is 123456")
                .doesNotContain("9876543210");
    }

    @Test
    void keepsLinesWholeWhenEightThreadsSendAtOnce() throws Exception {
        var sender = sender();
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var start = new CountDownLatch(1);
        List<Future<?>> sending = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            sending.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    // Long texts now and then, so that interleaved writes would show.
                    String padding = i % 25 == 0 ? "कोड".repeat(700) : "";
                    sender.send(MOBILE, thread + "/" + i + " \"" + padding + "\"\n");
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : sending) {
            f.get();
        }
        pool.shutdown();

        List<SmsOutbox.Sms> messages = SmsOutbox.of(dataDir).messages();
        assertThat(lines()).hasSize(threads * perThread);
        assertThat(messages).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = t + "/";
            // Each thread's messages in the order it sent them.
            assertThat(messages.stream().map(SmsOutbox.Sms::text).filter(text -> text.startsWith(prefix))
                    .map(text -> Integer.parseInt(text.substring(prefix.length(), text.indexOf(' ')))).toList())
                    .isEqualTo(IntStream.range(0, perThread).boxed().toList());
        }
    }

    @Test
    void outboxFindsTheLatestCodeForAMobile() {
        var sender = sender();
        var outbox = SmsOutbox.of(dataDir);
        assertThat(outbox.messages()).isEmpty();
        assertThat(outbox.lastOtpFor("9876543210")).isEmpty();

        sender.send(MOBILE, "Your Tijori code is 111111");
        sender.send(MOBILE, "Code 222222, valid till 1234");
        sender.send(new MobileNumber("7000000001"), "Your Tijori code is 333333");

        assertThat(outbox.lastOtpFor("9876543210")).contains("222222");
        assertThat(outbox.lastOtpFor("7000000001")).contains("333333");
        assertThat(outbox.lastOtpFor("8000000001")).isEmpty();
    }

    @Test
    void outboxWaitsForANewMessageRatherThanAnOldOne() {
        var sender = sender();
        var outbox = SmsOutbox.of(dataDir);
        sender.send(MOBILE, "Your Tijori code is 111111");

        var later = new Thread(() -> {
            pause(Duration.ofMillis(300));
            sender.send(new MobileNumber("7000000001"), "Your Tijori code is 999999");
            sender.send(MOBILE, "Your Tijori code is 444444");
        });
        later.start();

        assertThat(outbox.awaitOtpFor("9876543210", Duration.ofSeconds(5))).isEqualTo("444444");
        assertThatThrownBy(() -> outbox.awaitOtpFor("9876543210", Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("9876543210");
    }

    @Test
    void outboxIgnoresALineStillBeingWritten() throws IOException {
        sender().send(MOBILE, "Your Tijori code is 111111");
        Files.writeString(dataDir.resolve("sms-outbox.log"), "{\"at\":\"2025-03-14T09:26:53Z\",\"to\":\"98",
                StandardOpenOption.APPEND);

        assertThat(SmsOutbox.of(dataDir).messages()).hasSize(1);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
