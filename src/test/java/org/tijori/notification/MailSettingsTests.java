package org.tijori.notification;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MailSettingsTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MailSettings.class)
    static class Settings {
    }

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(Settings.class);
    }

    @Test
    void readsTheDefaults() {
        runner().run(context -> {
            MailSettings settings = context.getBean(MailSettings.class);
            assertThat(settings).isEqualTo(new MailSettings("Tijori <no-reply@localhost>", 10, Duration.ofMinutes(1),
                    Duration.ofHours(1), 50, Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofDays(7)));
            assertThat(settings.sender().getPersonal()).isEqualTo("Tijori");
            assertThat(settings.sender().getAddress()).isEqualTo("no-reply@localhost");
        });
    }

    @Test
    void acceptsANamedSenderInHindi() {
        runner().withPropertyValues("tijori.mail.from=तिजोरी <no-reply@tijori.example>").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MailSettings.class).sender().getPersonal()).isEqualTo("तिजोरी");
        });
    }

    @Test
    void refusesASenderThatIsNotOneAddress() {
        for (String from : new String[] { "not an address", "a@example.org, b@example.org",
                "Tijori <no-reply@example.org>\r\nBcc: x@example.org", "team: a@example.org;" }) {
            runner().withPropertyValues("tijori.mail.from=" + from).run(context -> assertThat(context).hasFailed()
                    .getFailure().rootCause().hasMessageContaining("tijori.mail.from must be one address"));
        }
    }

    @Test
    void refusesABackOffThatShrinks() {
        runner().withPropertyValues("tijori.mail.first-retry=10m", "tijori.mail.max-retry=1m")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void doublesTheWaitAfterEachFailureUpToTheCap() {
        var settings = new MailSettings("Tijori <no-reply@localhost>", 10, Duration.ofMinutes(1), Duration.ofMinutes(5),
                50, Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofDays(7));

        assertThat(settings.backoff(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(settings.backoff(4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.backoff(50)).isEqualTo(Duration.ofMinutes(5));
    }
}
