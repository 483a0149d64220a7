package org.tijori.account;

import java.util.Map;

import jakarta.servlet.DispatcherType;
import org.tijori.account.factor.TotpSecrets;
import org.tijori.storage.SealedColumn;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AdministrationProperties.class, AccountProperties.class,
        SecondFactorProperties.class })
class AccountConfiguration {

    /**
     * Sessions live in PostgreSQL through the store Spring Boot sets up, read once a request and written
     * only when they changed (see {@link SparseSessionRepository}). Where there is no such store (no web
     * server), there is nothing to wrap.
     */
    @Bean
    static BeanPostProcessor sparseSessions() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof JdbcIndexedSessionRepository store ? new SparseSessionRepository(store) : bean;
            }
        };
    }

    /**
     * Spring Session's store takes the transactions it runs in from the bean of this name. It is not a
     * default candidate: everything else goes on using Spring Boot's own TransactionTemplate.
     */
    @Bean(defaultCandidate = false)
    TransactionOperations springSessionTransactionOperations(PlatformTransactionManager transactions) {
        return new SparseSessionRepository.Transactions(transactions);
    }

    @Bean
    FilterRegistrationBean<SparseSessionRepository.RequestScope> sessionRequestScope() {
        var registration = new FilterRegistrationBean<>(new SparseSessionRepository.RequestScope());
        // Just outside Spring Session's filter, whose save at the end of the request it must cover.
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }

    /** Authenticator-app secrets are sealed; key rotation re-seals them with the rest. */
    @Bean
    SealedColumn totpSecretColumn() {
        return new SealedColumn("account_totp", "account_id", "secret_sealed", TotpSecrets.CONTEXT);
    }

    @Bean
    SealedColumn totpEnrolmentColumn() {
        return new SealedColumn("account_totp_enrolment", "account_id", "secret_sealed", TotpSecrets.CONTEXT);
    }

    /**
     * Argon2id with OWASP's parameters (19 MiB, 2 iterations, 1 lane), so many hashes at once
     * ({@link AccountProperties#passwordHashesAtOnce}). Hashes carry an {@code {argon2}} prefix so that a later
     * algorithm can be introduced without invalidating stored hashes.
     */
    @Bean
    PasswordEncoder passwordEncoder(AccountProperties properties) {
        var argon2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
        return new BoundedPasswordEncoder(new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2)),
                properties.hashesAtOnce());
    }
}
