package org.tijori.account;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.events.AdministratorCreated;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the administrator named by {@code tijori.admin.username} and {@code tijori.admin.password}
 * when the installation has no administrator yet. Never changes an existing one.
 */
@Component
class AdministratorBootstrap implements ApplicationRunner {

    static final int MIN_PASSWORD_LENGTH = 8;

    private static final Logger log = LoggerFactory.getLogger(AdministratorBootstrap.class);

    private final AdministrationProperties properties;

    private final Administrators administrators;

    private final JdbcAggregateTemplate aggregates;

    private final PasswordEncoder passwords;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    AdministratorBootstrap(AdministrationProperties properties, Administrators administrators,
            JdbcAggregateTemplate aggregates, PasswordEncoder passwords, ApplicationEventPublisher events,
            Clock clock) {
        this.properties = properties;
        this.administrators = administrators;
        this.aggregates = aggregates;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        String username = properties.username();
        String password = properties.password();
        if (username == null || username.isBlank() || password == null) {
            return;
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException("tijori.admin.password must have at least " + MIN_PASSWORD_LENGTH
                    + " characters; no administrator was created");
        }
        if (administrators.count() > 0) {
            return;
        }
        try {
            aggregates.insert(Administrator.create(username.strip(), passwords.encode(password), clock.instant()));
        }
        catch (DuplicateKeyException e) {
            // Another node created it at the same moment.
            return;
        }
        events.publishEvent(new AdministratorCreated(username.strip(), "bootstrap"));
        log.info("Created administrator '{}' from tijori.admin.username", username.strip());
    }
}
