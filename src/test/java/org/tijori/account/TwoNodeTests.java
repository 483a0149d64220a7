package org.tijori.account;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.SmsOutbox;
import org.tijori.TijoriApplication;
import org.tijori.WebClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes of Tijori on one database, as behind a load balancer without sticky sessions: each
 * accepts the other's sessions, and a limit reached on one holds on the other.
 */
class TwoNodeTests {

    static EmbeddedPostgres database;

    static ConfigurableApplicationContext nodeA;

    static ConfigurableApplicationContext nodeB;

    static Path stateA;

    @BeforeAll
    static void startTwoNodes(@TempDir Path directory) throws Exception {
        database = EmbeddedPostgres.builder().setDataDirectory(directory.resolve("pg")).setCleanDataDirectory(true)
                .start();
        try (Connection connection = database.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database shared");
        }
        AeadConfig.register();
        String keyset = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        stateA = directory.resolve("node-a");
        nodeA = start(stateA, keyset);
        nodeB = start(directory.resolve("node-b"), keyset);
    }

    static ConfigurableApplicationContext start(Path state, String keyset) {
        return new SpringApplicationBuilder(TijoriApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off", "--tijori.data-dir=" + state,
                "--spring.datasource.url=" + database.getJdbcUrl("postgres", "shared"),
                "--spring.datasource.username=postgres", "--tijori.keys.keyset=" + keyset);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        database.close();
    }

    static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void aSessionStartedOnOneNodeIsAcceptedByTheOther() throws Exception {
        String mobile = "9812300001";
        WebClient onA = new WebClient(port(nodeA));
        onA.submit("/signup", "/signup", Map.of("mobile", mobile));
        onA.submit("/signup/verify", "/signup/verify",
                Map.of("otp", SmsOutbox.of(stateA).lastOtpFor(mobile).orElseThrow()));
        onA.submit("/signup/account", "/signup/account", Map.of("username", "two-nodes", "password",
                "a long and unusual phrase"));

        WebClient onB = onA.toPort(port(nodeB));
        HttpResponse<String> profile = onB.get("/profile");

        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.body()).contains("two-nodes");
        // And signing out everywhere on B ends the session on A.
        onB.submit("/profile", "/profile/sign-out-everywhere", Map.of());
        assertThat(onA.get("/profile").statusCode()).isEqualTo(302);
    }

    @Test
    void aLimitReachedOnOneNodeHoldsOnTheOther() throws Exception {
        String mobile = "9812300002";
        for (int i = 0; i < 5; i++) {
            WebClient node = new WebClient(port(i % 2 == 0 ? nodeA : nodeB));
            assertThat(node.submit("/signup", "/signup", Map.of("mobile", mobile)).statusCode()).isEqualTo(302);
        }

        HttpResponse<String> sixthOnA = new WebClient(port(nodeA)).submit("/signup", "/signup", Map.of("mobile", mobile));
        HttpResponse<String> sixthOnB = new WebClient(port(nodeB)).submit("/signup", "/signup", Map.of("mobile", mobile));

        assertThat(sixthOnA.body()).contains("Too many codes were sent to this number");
        assertThat(sixthOnB.body()).contains("Too many codes were sent to this number");
    }
}
