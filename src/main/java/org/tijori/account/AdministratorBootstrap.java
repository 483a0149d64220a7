package org.tijori.account;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.events.AdministratorCreated;
import org.tijori.account.factor.FactorOwner;
import org.tijori.account.factor.SecondFactors;

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
 * when the installation has no administrator yet, and never changes an existing one's password; removes the
 * second factors of the administrator named by {@code tijori.admin.reset-second-factor}.
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

    private final SecondFactors factors;

    AdministratorBootstrap(AdministrationProperties properties, Administrators administrators,
            JdbcAggregateTemplate aggregates, PasswordEncoder passwords, ApplicationEventPublisher events,
            Clock clock, SecondFactors factors) {
        this.factors = factors;
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
        resetSecondFactor();
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

    /**
     * An administrator who lost every second factor has no page to turn to (a resident has the reset by SMS):
     * whoever runs the installation names them in {@code tijori.admin.reset-second-factor} and restarts.
     */
    private void resetSecondFactor() {
        String name = properties.resetSecondFactor();
        if (name == null || name.isBlank()) {
            return;
        }
        administrators.findByUsername(name.strip()).ifPresentOrElse(admin -> {
            factors.removeAll(new FactorOwner(admin.id(), admin.username(), admin.username(), true), "configuration");
            log.warn("Removed every second factor of administrator '{}' as tijori.admin.reset-second-factor asks; "
                    + "they set up a new one at their next sign-in. Remove the setting now: every start with it "
                    + "set removes them again.", admin.username());
        }, () -> log.warn("tijori.admin.reset-second-factor names no administrator: '{}'", name.strip()));
    }
}
