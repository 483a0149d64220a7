package org.tijori.notification;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.StateDirectory;
import org.tijori.account.SmsSender;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
class NotificationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

    static final String OUTBOX_FILE = "sms-outbox.log";

    @Bean
    SmsSender smsSender(SmsProperties properties, StateDirectory state, Clock clock, JsonMapper json) {
        if (properties.provider() == SmsProperties.Provider.WEBHOOK) {
            var webhook = new WebhookSmsSender(properties.webhook(), json);
            log.info("SMS are posted to the webhook at {}", webhook.endpoint());
            return webhook;
        }
        var outbox = new LogSmsSender(state.root().resolve(OUTBOX_FILE), clock, json);
        log.info("SMS are not sent: they are written to the log and to {}", outbox.outbox());
        return outbox;
    }
}
