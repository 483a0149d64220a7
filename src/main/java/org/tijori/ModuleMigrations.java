package org.tijori;

import java.util.List;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.core.ApplicationModuleIdentifier;
import org.springframework.modulith.core.ApplicationModuleIdentifiers;
import org.springframework.modulith.runtime.flyway.SpringModulithFlywayMigrationStrategy;

/**
 * One Flyway history per module: {@code db/migration/__root} first with {@code flyway_schema_history}, then each
 * module's {@code db/migration/<module>} with {@code flyway_schema_history_<module>}, dependencies first. Spring
 * Modulith's own strategy does the migrating; only the module order is given here instead of computed at start-up.
 * Modulith's runtime support computes it by importing every class of the application with ArchUnit, eagerly on
 * every start, and keeps that model for the life of the process: about 70 MiB of heap and a few seconds of CPU
 * that nothing else here uses. Its auto-configuration is therefore excluded (on {@link TijoriApplication}),
 * and {@code ModularityTests} holds this order to the one Modulith computes from the code.
 */
@Configuration(proxyBeanMethods = false)
class ModuleMigrations {

    /** The application's modules in the order Spring Modulith sorts them: each after those it depends on. */
    static final List<String> ORDER = List.of("audit", "storage", "account", "identity", "signing",
            "issuer", "demo", "locker", "notification", "verify", "gateway", "sharing", "web");

    @Bean
    FlywayMigrationStrategy migrationsInModuleOrder() {
        return new SpringModulithFlywayMigrationStrategy(ApplicationModuleIdentifiers.of(ORDER.stream()
                .map(ApplicationModuleIdentifier::of).toList()));
    }
}
