package org.tijori;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Starts the whole application as an operator would, with the embedded database and with an external
 * one, and checks that the usual mistakes end start-up with a plain explanation.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupTests {

    /** A PostgreSQL server that plays the part of a deployer's external database. */
    static EmbeddedPostgres external;

    /** Every start against the external database uses the same master keyset, as a deployer's nodes do. */
    static String keyset;

    @BeforeAll
    static void startExternalDatabase(@TempDir Path directory) throws Exception {
        AeadConfig.register();
        keyset = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        external = EmbeddedPostgres.builder().setDataDirectory(directory.resolve("external-pg"))
                .setCleanDataDirectory(true).start();
        try (Connection connection = external.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database deployer");
        }
        // A deployer's database is not always empty.
        try (Connection connection = external.getDatabase("postgres", "deployer").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create table legacy_things (id int)");
        }
    }

    @AfterAll
    static void stopExternalDatabase() throws IOException {
        external.close();
    }

    static ConfigurableApplicationContext start(String... arguments) {
        String[] all = new String[arguments.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--spring.main.banner-mode=off";
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        return new SpringApplicationBuilder(TijoriApplication.class).run(all);
    }

    static String readiness(ConfigurableApplicationContext context) throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void keepsItsEmbeddedDatabaseAcrossRestartsAndSaysWhereItIs(@TempDir Path state, CapturedOutput output)
            throws Exception {
        try (var first = start("--tijori.data-dir=" + state, "--tijori.admin.username=operator",
                "--tijori.admin.password=first-password")) {
            assertThat(readiness(first)).contains("\"status\":\"UP\"");
        }
        assertThat(output.getAll()).contains("Tijori data directory: " + state.toAbsolutePath())
                .contains("development keys in " + state.toAbsolutePath().resolve("keys"))
                .contains("Embedded PostgreSQL created in " + state.toAbsolutePath().resolve("pg"))
                .doesNotContain("Using generated security password");
        assertThat(state.resolve("pg").resolve("PG_VERSION")).exists();

        try (var second = start("--tijori.data-dir=" + state, "--tijori.admin.username=someone-else",
                "--tijori.admin.password=second-password")) {
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("select username from account_administrator").query(String.class).list())
                    .containsExactly("operator");
            assertThat(jdbc.sql("select count(*) from audit_entry where action = 'account.AdministratorCreated'")
                    .query(Long.class).single()).isEqualTo(1);
        }
        assertThat(output.getAll()).contains("Embedded PostgreSQL reopened in " + state.toAbsolutePath().resolve("pg"));
    }

    @Test
    void runsOnAnExternalDatabaseWithTheSameMigrations(@TempDir Path state) throws Exception {
        try (var context = start("--tijori.data-dir=" + state,
                "--spring.datasource.url=" + external.getJdbcUrl("postgres", "deployer"),
                "--spring.datasource.username=postgres", "--tijori.keys.keyset=" + keyset)) {
            assertThat(readiness(context)).contains("\"status\":\"UP\"", "\"db\"");
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select current_database()").query(String.class).single()).isEqualTo("deployer");
            assertThat(jdbc.sql("select table_name from information_schema.tables where table_name like 'flyway_schema_history%'")
                    .query(String.class).list())
                    .contains("flyway_schema_history", "flyway_schema_history_audit", "flyway_schema_history_account");
            assertThat(jdbc.sql("select count(*) from audit_head").query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select table_name from information_schema.tables where table_schema = 'public'")
                    .query(String.class).list())
                    .contains("event_publication", "shedlock", "audit_entry", "account_administrator", "legacy_things");
        }
        assertThat(state.resolve("pg")).doesNotExist();
    }

    @Test
    void aWrongDatabaseUrlEndsStartUpWithOnePlainExplanation(@TempDir Path state, CapturedOutput output) {
        assertThatThrownBy(() -> start("--tijori.data-dir=" + state,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere", "--spring.datasource.username=x"))
                .hasRootCauseInstanceOf(java.net.ConnectException.class);

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("Tijori cannot connect to the database at jdbc:postgresql://127.0.0.1:1/nowhere")
                .contains("Check spring.datasource.url")
                .doesNotContain("\tat ");
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenIsReportedPlainly(@TempDir Path somewhere, CapturedOutput output)
            throws IOException {
        Path file = Files.writeString(somewhere.resolve("not-a-folder"), "x");

        assertThatThrownBy(() -> start("--tijori.data-dir=" + file.resolve("data")));

        assertThat(output.getAll())
                .contains("Tijori cannot write to its data directory " + file.resolve("data"))
                .contains("TIJORI_DATA_DIR")
                .doesNotContain("\tat ");
    }

    @Test
    void aTakenPortIsReportedPlainly(@TempDir Path state, CapturedOutput output) throws IOException {
        try (var taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> new SpringApplicationBuilder(TijoriApplication.class).run(
                    "--server.port=" + port, "--spring.main.banner-mode=off", "--tijori.data-dir=" + state,
                    "--spring.datasource.url=" + external.getJdbcUrl("postgres", "deployer"),
                    "--spring.datasource.username=postgres", "--tijori.keys.keyset=" + keyset));

            assertThat(output.getAll()).contains("Port " + port + " was already in use")
                    .doesNotContain("\tat ");
        }
    }
}
