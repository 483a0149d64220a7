package org.tijori.notification;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.StateDirectory;
import org.tijori.WebClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox of the {@code log} SMS provider holds live codes: on the running server, only its owner may read
 * it. The settings are those of {@code ResidentJourneyTests}, so that both run in one application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tijori.account.otp-sends-per-address=500")
class SmsOutboxFileTests {

    @LocalServerPort
    int port;

    @Autowired
    StateDirectory state;

    @Test
    void theOutboxIsReadableByItsOwnerOnly() throws Exception {
        String mobile = String.valueOf(9_400_000_000L + (System.nanoTime() % 1_000_000) * 100);
        new WebClient(port).submit("/signup", "/signup", Map.of("mobile", mobile));

        SmsOutbox outbox = SmsOutbox.of(state.root());
        assertThat(outbox.lastOtpFor(mobile)).isPresent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox.file()))).isEqualTo("rw-------");
    }
}
