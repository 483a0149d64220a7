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
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AdministrationProperties.class, AccountProperties.class })
class AccountConfiguration {

    /**
     * Spring Session's update of a stored session, with the same parameters, except that it writes nothing
     * when all that changed is a last access less than a minute after the stored one. Otherwise every
     * signed-in request paid an UPDATE (not a HOT one: the expiry time is indexed) and a durable commit,
     * whatever it did (docs/benchmarks.md, issue 6). The idle timeout therefore counts from a last access up
     * to a minute old: a session may end up to a minute early, never late.
     */
    static final String SPARSE_SESSION_UPDATE = """
            UPDATE %TABLE_NAME% S
            SET SESSION_ID = V.SESSION_ID, LAST_ACCESS_TIME = V.LAST_ACCESS_TIME,
                MAX_INACTIVE_INTERVAL = V.MAX_INACTIVE_INTERVAL, EXPIRY_TIME = V.EXPIRY_TIME,
                PRINCIPAL_NAME = V.PRINCIPAL_NAME
            FROM (SELECT CAST(? AS CHAR(36)) AS SESSION_ID, CAST(? AS BIGINT) AS LAST_ACCESS_TIME,
                         CAST(? AS INT) AS MAX_INACTIVE_INTERVAL, CAST(? AS BIGINT) AS EXPIRY_TIME,
                         CAST(? AS VARCHAR(100)) AS PRINCIPAL_NAME, CAST(? AS CHAR(36)) AS PRIMARY_ID) V
            WHERE S.PRIMARY_ID = V.PRIMARY_ID
              AND (S.SESSION_ID <> V.SESSION_ID OR S.MAX_INACTIVE_INTERVAL <> V.MAX_INACTIVE_INTERVAL
                   OR S.PRINCIPAL_NAME IS DISTINCT FROM V.PRINCIPAL_NAME
                   OR V.LAST_ACCESS_TIME - S.LAST_ACCESS_TIME >= 60000)
            """;

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sparseSessionUpdates() {
        return repository -> repository.setUpdateSessionQuery(SPARSE_SESSION_UPDATE);
    }

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
