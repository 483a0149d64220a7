package org.tijori.notification;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.SmsOutbox;
import org.tijori.SmsWebhookReceiver;
import org.tijori.StateDirectory;
import org.tijori.account.MobileNumber;
import org.tijori.account.SmsNotSentException;
import org.tijori.account.SmsSender;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class SmsProviderTests {

    @TempDir
    Path dataDir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(NotificationConfiguration.class)
                .withBean(StateDirectory.class, () -> StateDirectory.prepare(dataDir))
                .withBean(Clock.class, () -> Clock.fixed(Instant.parse("2025-03-14T09:26:53Z"), ZoneOffset.UTC))
                .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new);
    }

    @Test
    void writesToTheOutboxByDefault() {
        runner().run(context -> {
            assertThat(provider(context)).isInstanceOf(LogSmsSender.class);

            context.getBean(SmsSender.class).send(new MobileNumber("9876543210"), "Your Tijori code is 123456");

            assertThat(SmsOutbox.of(dataDir).lastOtpFor("9876543210")).contains("123456");
        });
    }

    @Test
    void warnsLoudlyWhenCodesGoToTheLogOfWhatLooksLikeProduction(CapturedOutput output) {
        runner().run(context -> assertThat(output.getAll()).doesNotContain("SMS ARE NOT SENT"));

        runner().withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example.org:5432/tijori")
                .run(context -> assertThat(output.getAll()).contains("!!! SMS ARE NOT SENT.",
                        "an external database is configured (spring.datasource.url)"));
    }

    @Test
    void postsToTheWebhookWhenChosen() {
        try (var receiver = SmsWebhookReceiver.start()) {
            runner().withPropertyValues("tijori.sms.provider=webhook", "tijori.sms.webhook.url=" + receiver.url())
                    .run(context -> {
                        assertThat(provider(context)).isInstanceOf(WebhookSmsSender.class);

                        context.getBean(SmsSender.class).send(new MobileNumber("9876543210"), "Code 123456");

                        assertThat(receiver.received()).singleElement()
                                .satisfies(sms -> assertThat(sms.text()).isEqualTo("Code 123456"));
                    });
        }
    }

    @Test
    void countsTheMessagesSentAndThoseThatFailed() {
        try (var receiver = SmsWebhookReceiver.start()) {
            runner().withPropertyValues("tijori.sms.provider=webhook", "tijori.sms.webhook.url=" + receiver.url(),
                    "tijori.sms.webhook.attempts=1").run(context -> {
                        SmsSender sms = context.getBean(SmsSender.class);
                        MeterRegistry meters = context.getBean(MeterRegistry.class);
                        sms.send(new MobileNumber("9876543210"), "Code 123456");
                        receiver.failNext(1, 400);

                        assertThatThrownBy(() -> sms.send(new MobileNumber("9876543210"), "Code 654321"))
                                .isInstanceOf(SmsNotSentException.class);

                        assertThat(meters.get("tijori.sms.messages").tags("provider", "webhook", "outcome", "sent")
                                .counter().count()).isEqualTo(1);
                        assertThat(meters.get("tijori.sms.messages").tags("provider", "webhook", "outcome", "failed")
                                .counter().count()).isEqualTo(1);
                    });
        }
    }

    /** The provider behind the counts. */
    private static SmsSender provider(AssertableApplicationContext context) {
        assertThat(context).getBean(SmsSender.class).isInstanceOf(CountedSmsSender.class);
        return ((CountedSmsSender) context.getBean(SmsSender.class)).delegate();
    }

    @Test
    void readsTheWebhookDefaults() {
        runner().run(context -> assertThat(context.getBean(SmsProperties.class).webhook())
                .isEqualTo(new SmsProperties.Webhook(null, Duration.ofSeconds(5), 3, Duration.ofMillis(500))));
    }

    @Test
    void refusesAWebhookWithoutUrl() {
        runner().withPropertyValues("tijori.sms.provider=webhook").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().isInstanceOf(BindValidationException.class)
                .hasMessageContaining("tijori.sms.provider=webhook needs tijori.sms.webhook.url"));
    }

    @Test
    void refusesAttemptsOutsideOneToTen() {
        runner().withPropertyValues("tijori.sms.webhook.attempts=0").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().isInstanceOf(BindValidationException.class)
                .hasMessageContaining("attempts"));
        runner().withPropertyValues("tijori.sms.webhook.attempts=11").run(context -> assertThat(context)
                .hasFailed());
    }

    @Test
    void refusesAWebhookUrlThatIsNotHttp() {
        runner().withPropertyValues("tijori.sms.provider=webhook", "tijori.sms.webhook.url=ftp://example.org/sms")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("tijori.sms.webhook.url must be an absolute http or https URL"));
    }
}
