package org.tijori.notification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tijori.StateDirectory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Without {@code spring.mail.host}: each committed message is logged and written to {@code data-dir/mail-outbox/}. */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class MailLogOutboxTests {

    @Autowired
    MailOutbox outbox;

    @Autowired
    MailTransport transport;

    @Autowired
    StateDirectory state;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void writesEachCommittedMessageToTheLogAndAnOwnerOnlyEmlFile(CapturedOutput output) throws Exception {
        assertThat(transport).isInstanceOf(LogMailTransport.class);
        Path folder = state.root().resolve("mail-outbox");
        String subject = "दस्तावेज़ साझा किया गया " + System.nanoTime();

        transactions.executeWithoutResult(status -> outbox.send(new MailMessage(new MailAddress("ravi@example.org"),
                subject, "नमस्ते, https://tijori.example/s/abc", "<p>नमस्ते</p>")));

        await().atMost(Duration.ofSeconds(3)).until(() -> find(folder, subject) != null);
        Path file = find(folder, subject);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        MimeMessage parsed = parse(file);
        assertThat(parsed.getContentType()).startsWith("multipart/alternative");
        assertThat(((Multipart) parsed.getContent()).getBodyPart(0).getContent())
                .isEqualTo("नमस्ते, https://tijori.example/s/abc");
        assertThat(output.getAll()).contains("E-mail to ravi@example.org, subject \"" + subject + "\"");
    }

    private static Path find(Path folder, String subject) throws Exception {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(file -> file.toString().endsWith(".eml")).toList();
        }
        for (Path file : files) {
            if (subject.equals(parse(file).getSubject())) {
                return file;
            }
        }
        return null;
    }

    private static MimeMessage parse(Path file) throws IOException, jakarta.mail.MessagingException {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }
}
