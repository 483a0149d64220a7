package org.tijori.notification;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends no e-mail at all: writes each message to the application log (recipient, subject and text) and to
 * {@code data-dir/mail-outbox/<UTC time>-<id>.eml}, a complete RFC 5322 message that any mail program opens,
 * where people and tests trying Tijori without a mail server read their mail. Messages hold links that open
 * residents' documents, so the folder and its files are its owner's only ({@code rwx------},
 * {@code rw-------}); each file is written under a temporary name and then renamed, so that a reader never
 * sees half a message.
 */
class LogMailTransport implements MailTransport {

    private static final Logger log = LoggerFactory.getLogger(LogMailTransport.class);

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path folder;

    private final Clock clock;

    LogMailTransport(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
        try {
            prepareFolder();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the e-mail outbox folder " + folder, e);
        }
    }

    Path folder() {
        return folder;
    }

    @Override
    public Map<UUID, Exception> deliver(List<Composed> batch) {
        Map<UUID, Exception> failures = new LinkedHashMap<>();
        for (Composed composed : batch) {
            try {
                write(composed.mail(), composed.message());
            }
            catch (IOException | MessagingException | RuntimeException e) {
                failures.put(composed.mail().id(), e);
            }
        }
        return failures;
    }

    void write(OutgoingMail mail, MimeMessage message) throws IOException, MessagingException {
        log.info("E-mail to {}, subject \"{}\":\n{}", mail.to(), mail.subject(), mail.text());
        // Made again for each message, so that a folder removed while running comes back, owner-only.
        prepareFolder();
        Path target = folder.resolve(FILE_TIME.format(clock.instant()) + "-" + mail.id() + ".eml");
        Path temporary = POSIX
                ? Files.createTempFile(folder, ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(folder, ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                message.writeTo(out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void prepareFolder() throws IOException {
        if (POSIX) {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
            }
            // A folder from before, or made by someone else's umask, may be open to everyone on the machine.
            if (!Files.getPosixFilePermissions(folder).equals(OWNER_ONLY_FOLDER)) {
                Files.setPosixFilePermissions(folder, OWNER_ONLY_FOLDER);
            }
        }
        else {
            Files.createDirectories(folder);
        }
    }
}
