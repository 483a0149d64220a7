package org.tijori;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Where Tijori's PostgreSQL comes from: an external server when {@code spring.datasource.url} is
 * set, otherwise an embedded PostgreSQL 17 whose files live in {@code data-dir/pg} and survive
 * restarts.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TijoriProperties.class)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    static final String EMBEDDED_DATABASE = "tijori";

    /** How long the embedded server may take to accept connections after a clean stop. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    /** How long it may take after a crash, when it first replays its write-ahead log. */
    static final Duration RECOVERY_WAIT = Duration.ofMinutes(10);

    @Bean
    StateDirectory stateDirectory(TijoriProperties properties) {
        StateDirectory directory = StateDirectory.prepare(properties.dataDir());
        log.info("Tijori data directory: {} (embedded database in {}, blobs in {}, development keys in {})",
                directory.root(), directory.database(), directory.blobs(), directory.keys());
        return directory;
    }

    @Bean
    static BeanPostProcessor databaseConnectionCheck() {
        return new DatabaseConnectionCheck();
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(NoExternalDatabase.class)
    static class EmbeddedDatabase {

        /** Claimed before the server starts and released after it stopped (see EmbeddedPostmaster). */
        @Bean(destroyMethod = "close")
        EmbeddedPostmaster embeddedPostmaster(StateDirectory stateDirectory) {
            return EmbeddedPostmaster.claim(stateDirectory.database());
        }

        @Bean(destroyMethod = "close")
        EmbeddedPostgres embeddedPostgres(StateDirectory stateDirectory, EmbeddedPostmaster postmaster) {
            var directory = stateDirectory.database();
            boolean existing = directory.resolve("PG_VERSION").toFile().exists();
            boolean recovering = postmaster.previousStop() == EmbeddedPostmaster.PreviousStop.UNCLEAN;
            if (recovering) {
                log.warn("The embedded PostgreSQL in {} did not stop cleanly last time; it replays its log before it "
                        + "accepts connections, which can take minutes for a large database (waiting up to {})",
                        directory, RECOVERY_WAIT);
            }
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(directory)
                        .setCleanDataDirectory(false)
                        // Closed by the application context, after the connection pool, never before it.
                        .setRegisterShutdownHook(false)
                        .setPGStartupWait(recovering ? RECOVERY_WAIT : STARTUP_WAIT)
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "100")
                        // zonky turns both off for speed in tests; a locker must not lose a committed write.
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .start();
                postmaster.watch();
                createDatabaseIfMissing(postgres);
                log.info("Embedded PostgreSQL {} in {} on 127.0.0.1:{}", existing ? "reopened" : "created",
                        directory, postgres.getPort());
                return postgres;
            }
            catch (IOException | SQLException e) {
                throw new DatabaseUnreachableException("embedded PostgreSQL in " + directory, e);
            }
        }

        @Bean
        @ConfigurationProperties("spring.datasource.hikari")
        HikariDataSource dataSource(EmbeddedPostgres postgres) {
            var dataSource = new HikariDataSource();
            dataSource.setPoolName("tijori-embedded");
            dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", EMBEDDED_DATABASE));
            dataSource.setUsername("postgres");
            return dataSource;
        }

        private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws SQLException {
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                var result = statement.executeQuery(
                        "select 1 from pg_database where datname = '" + EMBEDDED_DATABASE + "'");
                if (!result.next()) {
                    statement.execute("create database " + EMBEDDED_DATABASE);
                }
            }
        }
    }

    /** Matches when no external database URL is configured. */
    static class NoExternalDatabase implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }

    /**
     * Proves that the database accepts connections before anything else uses the pool, with a plain
     * driver connection: a wrong URL or password then ends start-up with one clear message instead of
     * a connection-pool stack trace.
     */
    static class DatabaseConnectionCheck implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
                check(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
            }
            return bean;
        }

        private static void check(String url, String username, String password) {
            var info = new Properties();
            if (username != null) {
                info.setProperty("user", username);
            }
            if (password != null) {
                info.setProperty("password", password);
            }
            info.setProperty("connectTimeout", "10");
            info.setProperty("loginTimeout", "10");
            try (Connection connection = DriverManager.getConnection(url, info)) {
                if (!connection.isValid(5)) {
                    throw new SQLException("the connection did not answer");
                }
            }
            catch (SQLException e) {
                throw new DatabaseUnreachableException(url, e);
            }
        }
    }
}
