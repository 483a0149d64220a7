package org.tijori;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test run's one PostgreSQL server: each Spring context gets its own database on it, cloned from a
 * template that holds every migration of every module, and a test that chose its own data directory keeps
 * the embedded server that comes with it.
 */
class SharedTestPostgresTests {

    @Test
    void everyCloneIsADatabaseOfItsOwn() {
        JdbcClient first = client(SharedTestPostgres.newDatabaseUrl());
        JdbcClient second = client(SharedTestPostgres.newDatabaseUrl());

        first.sql("insert into shedlock (name, lock_until, locked_at, locked_by) values ('mine', now(), now(), 'me')")
                .update();

        assertThat(first.sql("select count(*) from shedlock where name = 'mine'").query(Long.class).single())
                .isEqualTo(1);
        assertThat(second.sql("select count(*) from shedlock where name = 'mine'").query(Long.class).single())
                .isZero();
        assertThat(client(SharedTestPostgres.newDatabaseUrl())
                .sql("select count(*) from shedlock where name = 'mine'").query(Long.class).single()).isZero();
    }

    @Test
    void aCloneHoldsEveryMigrationOfEveryModule() throws IOException {
        JdbcClient clone = client(SharedTestPostgres.newDatabaseUrl());
        Resource[] folders = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/*");
        assertThat(folders).isNotEmpty();
        for (Resource folder : folders) {
            String module = Path.of(folder.getURI()).getFileName().toString();
            Set<String> versions = new TreeSet<>();
            try (var files = Files.list(Path.of(folder.getURI()))) {
                files.map(file -> file.getFileName().toString())
                        .filter(name -> name.startsWith("V"))
                        .forEach(name -> versions.add(name.substring(1, name.indexOf("__"))));
            }
            String history = module.equals("__root") ? "flyway_schema_history" : "flyway_schema_history_" + module;
            List<String> applied = clone.sql("select version from " + history + " where success and version <> '0'")
                    .query(String.class).list();

            assertThat(new TreeSet<>(applied)).as(module).isEqualTo(versions);
        }
    }

    private static JdbcClient client(String url) {
        return JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), url,
                SharedTestPostgres.USER, ""));
    }

    @Nested
    @SpringBootTest
    class AContext {

        @Autowired
        ApplicationContext context;

        @Autowired
        JdbcClient jdbc;

        @Test
        void runsOnADatabaseOfItsOwnOnTheSharedServer() {
            assertThat(context.getBeansOfType(EmbeddedPostgres.class)).isEmpty();
            assertThat(jdbc.sql("select current_database()").query(String.class).single()).startsWith("ctx_");
        }
    }

    @Nested
    @SpringBootTest(properties = "tijori.data-dir=target/test-state/own-data-dir")
    class AContextWithADataDirectoryOfItsOwn {

        @Autowired
        ApplicationContext context;

        @Autowired
        JdbcClient jdbc;

        @Test
        void keepsItsOwnEmbeddedServer() {
            assertThat(context.getBeansOfType(EmbeddedPostgres.class)).hasSize(1);
            assertThat(jdbc.sql("select current_database()").query(String.class).single())
                    .isEqualTo(DatabaseConfiguration.EMBEDDED_DATABASE);
        }
    }
}
