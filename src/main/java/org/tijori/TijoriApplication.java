package org.tijori;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Tijori: a self-hostable digital document locker, API-compatible with DigiLocker.
 */
// Modulith's runtime support would import every class with ArchUnit on each start and keep the model: see ModuleMigrations.
@SpringBootApplication(excludeName = "org.springframework.modulith.runtime.autoconfigure.SpringModulithRuntimeAutoConfiguration")
@ConfigurationPropertiesScan
public class TijoriApplication {

    public static void main(String[] args) {
        SpringApplication.run(TijoriApplication.class, args);
    }

    /** All time in Tijori is UTC from this clock, so that tests can fix it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
