package org.tijori.account;

import java.time.Clock;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.web.http.SessionRepositoryFilter;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AdministrationProperties.class, AccountProperties.class })
class AccountConfiguration {

    /**
     * Argon2id with OWASP's parameters (19 MiB, 2 iterations, 1 lane). Hashes carry an {@code {argon2}}
     * prefix so that a later algorithm can be introduced without invalidating stored hashes.
     */
    @Bean
    FilterRegistrationBean<SessionLifetimeFilter> sessionLifetimeFilter(AccountProperties properties, Clock clock) {
        var registration = new FilterRegistrationBean<>(new SessionLifetimeFilter(properties, clock));
        // Right after Spring Session has put the stored session in place, before Spring Security reads it.
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
        return registration;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        var argon2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
        return new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2));
    }
}
