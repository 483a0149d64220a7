package org.tijori.notification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The composed message and the {@code .eml} files written when no mail server is configured. */
@ExtendWith(OutputCaptureExtension.class)
class MailFileTests {

    static final Instant NOW = Instant.parse("2026-12-07T10:26:53.589Z");

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final String SUBJECT = "आशा ने आपके साथ एक दस्तावेज़ साझा किया";

    static final String TEXT = "नमस्ते,\nआशा ने आपके साथ एक दस्तावेज़ साझा किया है: https://tijori.example/s/abc\n";

    static final String HTML = "<p>नमस्ते,</p><p><a href=\"https://tijori.example/s/abc\">दस्तावेज़ खोलें</a></p>";

    @TempDir
    Path dataDir;

    MailComposer composer() throws Exception {
        return new MailComposer(new InternetAddress("Tijori <no-reply@tijori.example>", true), CLOCK);
    }

    OutgoingMail mail(String html) {
        return new OutgoingMail(UUID.fromString("0b4f5a9e-5a8e-4b7e-9a55-0d6c2e8b3f10"), "ravi@example.org", SUBJECT,
                TEXT, html, NOW, 0);
    }

    List<Path> emlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    static MimeMessage parse(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    @Test
    void writesAnOwnerOnlyEmlFileThatParsesBackWithBothParts() throws Exception {
        Path folder = dataDir.resolve("mail-outbox");
        var transport = new LogMailTransport(folder, CLOCK);
        OutgoingMail mail = mail(HTML);

        transport.write(mail, composer().compose(mail));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(emlFiles(folder)).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString())
                    .isEqualTo("20261207T102653589Z-0b4f5a9e-5a8e-4b7e-9a55-0d6c2e8b3f10.eml");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            MimeMessage parsed = parse(file);
            assertThat(parsed.getFrom()).containsExactly(new InternetAddress("Tijori <no-reply@tijori.example>"));
            assertThat(parsed.getRecipients(Message.RecipientType.TO))
                    .containsExactly(new InternetAddress("ravi@example.org"));
            assertThat(parsed.getSubject()).isEqualTo(SUBJECT);
            assertThat(parsed.getHeader("Subject", null)).startsWith("=?UTF-8?");
            assertThat(parsed.getMessageID()).isEqualTo("<0b4f5a9e-5a8e-4b7e-9a55-0d6c2e8b3f10@tijori.example>");
            assertThat(parsed.getSentDate().toInstant()).isEqualTo(NOW.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            assertThat(parsed.getContentType()).startsWith("multipart/alternative");
            Multipart parts = (Multipart) parsed.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
            assertThat(parts.getBodyPart(0).getContent()).isEqualTo(TEXT);
            assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").containsIgnoringCase("utf-8");
            assertThat(parts.getBodyPart(1).getContent()).isEqualTo(HTML);
        });
    }

    @Test
    void writesPlainTextAloneWhenThereIsNoHtml() throws Exception {
        Path folder = dataDir.resolve("mail-outbox");
        OutgoingMail mail = mail(null);

        new LogMailTransport(folder, CLOCK).write(mail, composer().compose(mail));

        MimeMessage parsed = parse(emlFiles(folder).get(0));
        assertThat(parsed.getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
        assertThat(parsed.getContent()).isEqualTo(TEXT);
    }

    @Test
    void logsTheRecipientSubjectAndText(CapturedOutput output) throws Exception {
        OutgoingMail mail = mail(HTML);

        new LogMailTransport(dataDir.resolve("mail-outbox"), CLOCK).write(mail, composer().compose(mail));

        assertThat(output.getAll()).contains("ravi@example.org", SUBJECT, "https://tijori.example/s/abc");
    }

    @Test
    void closesAFolderThatWasOpenToOthersAndRecreatesARemovedOne() throws Exception {
        Path folder = Files.createDirectories(dataDir.resolve("mail-outbox"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        var transport = new LogMailTransport(folder, CLOCK);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        Files.delete(folder);
        OutgoingMail mail = mail(HTML);

        transport.write(mail, composer().compose(mail));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        // Nothing but the finished message: the temporary file was moved into place.
        assertThat(emlFiles(folder)).singleElement()
                .satisfies(file -> assertThat(file.getFileName().toString()).endsWith(".eml"));
    }
}
