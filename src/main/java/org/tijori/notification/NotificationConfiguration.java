package org.tijori.notification;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.StateDirectory;
import org.tijori.account.SmsSender;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SmsProperties.class, NotificationProperties.class })
class NotificationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

    static final String OUTBOX_FILE = "sms-outbox.log";

    @Bean
    SmsSender smsSender(SmsProperties properties, StateDirectory state, Clock clock, JsonMapper json,
            Environment environment, MeterRegistry meters) {
        return new CountedSmsSender(provider(properties, state, clock, json, environment), properties.provider(),
                meters);
    }

    private static SmsSender provider(SmsProperties properties, StateDirectory state, Clock clock, JsonMapper json,
            Environment environment) {
        if (properties.provider() == SmsProperties.Provider.WEBHOOK) {
            var webhook = new WebhookSmsSender(properties.webhook(), json);
            log.info("SMS are posted to the webhook at {}", webhook.endpoint());
            return webhook;
        }
        var outbox = new LogSmsSender(state.root().resolve(OUTBOX_FILE), clock, json);
        if (environment.containsProperty("spring.datasource.url")) {
            // An external database is what a production deployment has; a trial on a laptop has none.
            log.warn("""
                    !!! SMS ARE NOT SENT. tijori.sms.provider=log writes every one-time password to the log and to {}, \
                    yet an external database is configured (spring.datasource.url), which looks like production: \
                    residents receive no codes, and whoever reads the log or that file can sign in as them. \
                    Set tijori.sms.provider=webhook and tijori.sms.webhook.url. !!!""", outbox.outbox());
        }
        else {
            log.info("SMS are not sent: they are written to the log and to {}", outbox.outbox());
        }
        return outbox;
    }
}
