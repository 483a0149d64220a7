package org.tijori;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * The one PostgreSQL server of a test run. Starting an embedded server and migrating it cost each Spring
 * test context seconds, and the suite has many contexts; so the first context that needs a database
 * starts this server (in {@code target/test-postgres/run-*}), migrates a template database once, and every
 * context then gets a database of its own, cloned from that template with {@code CREATE DATABASE ...
 * TEMPLATE}, which copies files instead of replaying the migrations. Contexts share no rows: each sees only
 * its own database.
 * <p>
 * The server is stopped by the application's own watchdog ({@link EmbeddedPostmaster}) once the JVM has
 * ended, not by a shutdown hook: the cached contexts close in shutdown hooks of their own, which run at the
 * same time, and a context whose database went first waits for connections that never come. The next run
 * removes the files of runs that have ended.
 */
final class SharedTestPostgres {

    static final String TEMPLATE = "tijori_template";

    static final String USER = "postgres";

    private static final AtomicInteger databases = new AtomicInteger();

    private static EmbeddedPostgres server;

    /** Held for the life of the JVM: its lock tells the next run that these files are still in use. */
    private static EmbeddedPostmaster postmaster;

    private SharedTestPostgres() {
    }

    /** A new database, migrated as the application would migrate it, for one Spring context. */
    static synchronized String newDatabaseUrl() {
        EmbeddedPostgres postgres = server();
        String name = "ctx_" + databases.incrementAndGet();
        // Cloning needs the template to have no other session: every one of them is closed by now, and this
        // method runs one clone at a time.
        execute(postgres, "create database " + name + " template " + TEMPLATE);
        return postgres.getJdbcUrl(USER, name);
    }

    /** A new database without a table, for a test that builds its schema itself. */
    static synchronized String newEmptyDatabaseUrl() {
        EmbeddedPostgres postgres = server();
        String name = "empty_" + databases.incrementAndGet();
        execute(postgres, "create database " + name);
        return postgres.getJdbcUrl(USER, name);
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            server = start();
            execute(server, "create database " + TEMPLATE);
            migrate(server.getJdbcUrl(USER, TEMPLATE));
        }
        return server;
    }

    private static EmbeddedPostgres start() {
        try {
            Path base = Path.of("target", "test-postgres").toAbsolutePath();
            Files.createDirectories(base);
            removeEndedRuns(base);
            Path directory = Files.createTempDirectory(base, "run-").resolve("pg");
            postmaster = EmbeddedPostmaster.claim(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Each cached context keeps a connection pool of its own on this one server.
                    .setServerConfig("max_connections", "800")
                    .start();
            postmaster.watch();
            return postgres;
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not start the tests' PostgreSQL", e);
        }
    }

    /** Deletes the files of earlier runs whose JVM is gone (their lock is free), stopping a server left behind. */
    private static void removeEndedRuns(Path base) throws IOException {
        try (var runs = Files.list(base)) {
            for (Path run : runs.filter(path -> path.getFileName().toString().startsWith("run-")).toList()) {
                try (var ended = EmbeddedPostmaster.claim(run.resolve("pg"))) {
                    FileSystemUtils.deleteRecursively(run);
                }
                catch (StateDirectoryInUseException e) {
                    // Another test run, in another JVM, still uses it.
                }
            }
        }
    }

    /**
     * Migrates the template with the application's own Flyway set-up: Spring Boot's Flyway configuration
     * bound from {@code application.properties}, and the application's strategy of one history table per
     * module in module order ({@link ModuleMigrations}), so that the template equals
     * what the application builds on an empty database. A plain context, not a SpringApplication, so that
     * the logging of the context being started meanwhile is left alone.
     */
    private static void migrate(String url) {
        migrate(url, java.util.Map.of());
    }

    /**
     * Migrates a database as {@link #migrate(String)} does, with some of Flyway's properties set otherwise (such as
     * {@code spring.flyway.locations}, for the migrations of an earlier version).
     */
    static void migrate(String url, java.util.Map<String, Object> flyway) {
        var environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        try {
            sources.addLast(new ResourcePropertySource(new ClassPathResource("application.properties")));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sources.addFirst(new MapPropertySource("testTemplate", java.util.Map.of("spring.datasource.url", url,
                "spring.datasource.username", USER, "spring.datasource.hikari.minimum-idle", "1")));
        sources.addFirst(new MapPropertySource("testFlyway", flyway));
        try (var context = new AnnotationConfigApplicationContext()) {
            context.setEnvironment(environment);
            context.register(TemplateMigration.class);
            context.refresh();
        }
    }

    private static void execute(EmbeddedPostgres postgres, String sql) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new IllegalStateException("the tests' PostgreSQL refused: " + sql, e);
        }
    }

    /** Not a {@code @Configuration}: the application's component scan, which reaches the tests, must not find it. */
    @ImportAutoConfiguration({ DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class })
    @Import(ModuleMigrations.class)
    static class TemplateMigration {
    }
}
