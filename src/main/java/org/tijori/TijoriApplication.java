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
// Spring Boot's authorization server auto-configuration (on the test class path through the identity tests' OpenID
// provider) would add a JWK source, settings and a filter chain of its own beside the gateway's (ADR 23).
@SpringBootApplication(excludeName = {
        "org.springframework.modulith.runtime.autoconfigure.SpringModulithRuntimeAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration" })
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
