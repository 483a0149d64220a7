package org.tijori.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.MobileNumber;
import org.tijori.account.SmsNotSentException;
import org.tijori.account.SmsSender;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends no message at all: writes it to the application log and appends it to an outbox file as one
 * JSON object a line, {@code {"at":"<UTC instant>","to":"<10 digits>","text":"..."}}, where people and
 * tests trying Tijori without an SMS gateway read their one-time passwords. The file holds live codes, so
 * only the owner of the process may read it ({@code rw-------}), whoever made it and however it was left.
 */
class LogSmsSender implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(LogSmsSender.class);

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);

    private final Path outbox;

    private final Clock clock;

    private final JsonMapper json;

    // A line written across two lines would be unreadable to whoever parses the outbox.
    private final ObjectWriter oneLine;

    private final Object appending = new Object();

    LogSmsSender(Path outbox, Clock clock, JsonMapper json) {
        this.outbox = outbox;
        this.clock = clock;
        this.json = json;
        this.oneLine = json.writer().without(SerializationFeature.INDENT_OUTPUT);
        if (POSIX && Files.exists(outbox)) {
            try {
                // An outbox from an older version, or copied in, may be readable by everyone on the machine.
                Files.setPosixFilePermissions(outbox, OWNER_ONLY);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot make the SMS outbox " + outbox + " readable by its owner only",
                        e);
            }
        }
    }

    Path outbox() {
        return outbox;
    }

    @Override
    public void send(MobileNumber to, String text) {
        var message = json.createObjectNode()
                .put("at", clock.instant().toString())
                .put("to", to.value())
                .put("text", text);
        byte[] line = (oneLine.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        log.info("SMS to {}: {}", to.masked(), text);
        synchronized (appending) {
            // Opened for each message so that an outbox removed while running is created again; one write
            // in append mode keeps a line whole for a reader polling the file.
            try (SeekableByteChannel out = POSIX
                    ? Files.newByteChannel(outbox, APPEND, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.newByteChannel(outbox, APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            catch (IOException e) {
                throw new SmsNotSentException("Cannot append to the SMS outbox " + outbox, e);
            }
        }
    }
}
