package org.tijori.notification;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.StateDirectory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * E-mail: the outbox, its dispatcher, and where messages go: the SMTP server when {@code spring.mail.host} is
 * set (Spring Boot then makes a {@link JavaMailSender}), else the log and {@code data-dir/mail-outbox/}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailSettings.class)
class MailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);

    static final String OUTBOX_FOLDER = "mail-outbox";

    @Bean
    MailTransport mailTransport(ObjectProvider<JavaMailSender> smtp, MailSettings settings, StateDirectory state,
            Clock clock, Environment environment) {
        JavaMailSender sender = smtp.getIfAvailable();
        if (sender != null) {
            log.info("E-mail is sent through the SMTP server at {}:{} from {}",
                    environment.getProperty("spring.mail.host"), environment.getProperty("spring.mail.port", "25"),
                    settings.from());
            return new SmtpMailTransport(sender);
        }
        var transport = new LogMailTransport(state.root().resolve(OUTBOX_FOLDER), clock);
        if (environment.containsProperty("spring.datasource.url")) {
            // An external database is what a production deployment has; a trial on a laptop has none.
            log.warn("""
                    !!! E-MAIL IS NOT SENT. No mail server is configured (spring.mail.host), so every e-mail, with the \
                    links it carries, is written to the log and to {}, yet an external database is configured \
                    (spring.datasource.url), which looks like production. Set spring.mail.host (and .port, \
                    .username, .password). !!!""", transport.folder());
        }
        else {
            log.info("E-mail is not sent: it is written to the log and to {}", transport.folder());
        }
        return transport;
    }

    @Bean
    MailComposer mailComposer(MailSettings settings, Clock clock) {
        return new MailComposer(settings.sender(), clock);
    }

    @Bean
    MailDispatcher mailDispatcher(JdbcClient jdbc, MailComposer composer, MailTransport transport,
            MailSettings settings, Clock clock, MeterRegistry meters) {
        return new MailDispatcher(jdbc, composer, transport, settings, clock, meters);
    }

    @Bean
    MailOutbox mailOutbox(JdbcClient jdbc, MailDispatcher dispatcher, Clock clock) {
        return new JdbcMailOutbox(jdbc, dispatcher, clock);
    }
}
