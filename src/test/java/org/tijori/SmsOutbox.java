package org.tijori;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the messages that the {@code log} SMS provider wrote to {@code <data-dir>/sms-outbox.log}, one
 * JSON object a line, so that tests can find the one-time passwords a person would have received.
 */
public final class SmsOutbox {

    /** The code in an OTP message: the only 6-digit number in it. */
    static final Pattern OTP = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");

    private static final Duration POLL = Duration.ofMillis(20);

    private static final JsonMapper json = JsonMapper.builder().build();

    private final Path file;

    private SmsOutbox(Path file) {
        this.file = file;
    }

    /** The outbox of the application whose {@code tijori.data-dir} is {@code dataDir}. */
    public static SmsOutbox of(Path dataDir) {
        return new SmsOutbox(dataDir.resolve("sms-outbox.log"));
    }

    public Path file() {
        return file;
    }

    /** Every message written so far, oldest first; none when nothing was sent yet. */
    public List<Sms> messages() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        }
        catch (NoSuchFileException e) {
            return List.of();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = new String(content, StandardCharsets.UTF_8);
        // A line without its newline yet is still being written.
        int end = text.lastIndexOf('\n');
        List<Sms> messages = new ArrayList<>();
        if (end < 0) {
            return messages;
        }
        for (String line : text.substring(0, end).split("\n", -1)) {
            if (!line.isBlank()) {
                messages.add(parse(line));
            }
        }
        return messages;
    }

    /** Messages to one mobile number, oldest first. */
    public List<Sms> messagesTo(String tenDigitMobile) {
        return messages().stream().filter(sms -> sms.to().equals(tenDigitMobile)).toList();
    }

    /** The code in the latest message to that mobile number; empty when it has none or there is none. */
    public Optional<String> lastOtpFor(String tenDigitMobile) {
        List<Sms> to = messagesTo(tenDigitMobile);
        return to.isEmpty() ? Optional.empty() : to.get(to.size() - 1).otp();
    }

    /**
     * Waits for a message holding a code to arrive for that mobile number after this call starts, and
     * returns the code. Call it while the message is still on its way (or start the wait first): a
     * message that arrived before the call is not new.
     *
     * @throws AssertionError when none arrives within {@code timeout}
     */
    public String awaitOtpFor(String mobile, Duration timeout) {
        return awaitNewOtp(mobile, timeout, () -> messagesTo(mobile), "the SMS outbox " + file);
    }

    static String awaitNewOtp(String mobile, Duration timeout, Supplier<List<Sms>> messagesTo,
            String where) {
        int before = messagesTo.get().size();
        try {
            return Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(() -> newestOtp(messagesTo.get(), before), Optional::isPresent).orElseThrow();
        }
        catch (ConditionTimeoutException e) {
            throw new AssertionError("No new SMS with a 6-digit code to " + mobile + " in " + where + " within "
                    + timeout + " (" + (messagesTo.get().size() - before) + " new message(s) without one)");
        }
    }

    /** The code of the latest message after the first {@code before}, if one of them has a code. */
    private static Optional<String> newestOtp(List<Sms> messages, int before) {
        for (int i = messages.size() - 1; i >= before; i--) {
            Optional<String> code = messages.get(i).otp();
            if (code.isPresent()) {
                return code;
            }
        }
        return Optional.empty();
    }

    private Sms parse(String line) {
        try {
            JsonNode node = json.readTree(line);
            return new Sms(Instant.parse(node.get("at").asString()), node.get("to").asString(),
                    node.get("text").asString());
        }
        catch (RuntimeException e) {
            throw new AssertionError("Not an SMS outbox line in " + file + ": " + line, e);
        }
    }

    /**
     * One message.
     *
     * @param at when it was sent, UTC
     * @param to the ten digits of the mobile number
     * @param text what it said
     */
    public record Sms(Instant at, String to, String text) {

        /**
         * The one-time password in the text: its only 6-digit number.
         *
         * @throws AssertionError when the text holds more than one 6-digit number
         */
        public Optional<String> otp() {
            Matcher matcher = OTP.matcher(text);
            if (!matcher.find()) {
                return Optional.empty();
            }
            String code = matcher.group();
            if (matcher.find()) {
                throw new AssertionError("An OTP message must hold one 6-digit number, this one has more: " + text);
            }
            return Optional.of(code);
        }
    }
}
