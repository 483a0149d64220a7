package org.tijori;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Test;
import org.tijori.audit.AuditTrail;
import org.tijori.audit.AuditVerification;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upgrade from the release of 2026-12-01 to this version, as README's "Upgrades" describes it: that release's
 * schema (its migrations frozen in {@code src/test/resources/upgrade/2026-12-01}, as they were at commit d76a849),
 * with data written at that schema (a resident, a folder of theirs, an activity entry not yet chained), then this
 * version started on it. Flyway brings every module's history to this version's last migration, the resident signs
 * in with the old password and goes on with every journey, a new resident too, and the activity chain verifies.
 */
class UpgradeTests {

    static final String RELEASE = "2026-12-01";

    @Test
    void thisVersionMigratesTheLastReleasesDatabaseAndItsResidentGoesOnWithEveryJourney() throws Exception {
        String url = SharedTestPostgres.newEmptyDatabaseUrl();
        SharedTestPostgres.migrate(url, Map.of("spring.flyway.locations",
                "classpath:upgrade/" + RELEASE + "/db/migration"));
        UUID account = UUID.randomUUID();
        UUID locker = UUID.randomUUID();
        String username = "oldtimer" + System.nanoTime() % 100_000;
        try (Connection connection = DriverManager.getConnection(url, SharedTestPostgres.USER, "")) {
            assertThat(lastVersion(connection, "flyway_schema_history_account")).isEqualTo(3);
            assertThat(lastVersion(connection, "flyway_schema_history_issuer")).isEqualTo(4);
            assertThat(tableExists(connection, "sharing_link")).as("no sharing in that release").isFalse();
            writeOldData(connection, account, locker, username);
        }

        AeadConfig.register();
        String keyset = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        try (var upgraded = new SpringApplicationBuilder(TijoriApplication.class)
                .run(LockerJourneys.arguments(TemporaryStateDirectory.create(), url, keyset))) {
            JdbcClient jdbc = upgraded.getBean(JdbcClient.class);
            for (var module : lastMigrations().entrySet()) {
                String table = module.getKey().equals("__root") ? "flyway_schema_history"
                        : "flyway_schema_history_" + module.getKey();
                assertThat(jdbc.sql("select max(version::int) from " + table + " where success")
                        .query(Integer.class).single()).as(table).isEqualTo(module.getValue());
            }

            var journeys = new LockerJourneys(upgraded);
            var resident = new LockerJourneys.Resident(username, locker.toString(), journeys.signIn(username));
            assertThat(resident.web().get("/api/v1/locker/folders").body()).contains("Certificates from school");
            String uploaded = journeys.upload(resident, "admit-card.pdf");
            assertThat(journeys.uploadedContent(resident.web(), uploaded)).isEqualTo(LockerJourneys.pdf());
            String issued = journeys.receiveIssued(resident);
            String share = journeys.share(resident, uploaded, issued);
            assertThat(journeys.shares(resident.web())).contains("\"id\":\"" + share + "\"");
            journeys.everyJourney();

            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                    "select count(*) from audit_entry where action = 'account.ResidentSignedUp' and actor_id = ?")
                    .param(account.toString()).query(Long.class).single() == 1);
            AuditVerification chain = upgraded.getBean(AuditTrail.class).verify();
            assertThat(chain.intact()).as(String.valueOf(chain.problem())).isTrue();
        }
    }

    /** What the release of 2026-12-01 wrote when a resident signed up and made a folder. */
    private static void writeOldData(Connection connection, UUID account, UUID locker, String username)
            throws SQLException {
        Timestamp then = Timestamp.from(Instant.now().minus(Duration.ofDays(30)));
        String hash = "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2).encode(LockerJourneys.PASSWORD);
        try (PreparedStatement resident = connection.prepareStatement("""
                insert into account_resident (id, locker_id, username, password_hash, mobile, status, created_at,
                                              password_changed_at)
                values (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")) {
            resident.setObject(1, account);
            resident.setObject(2, locker);
            resident.setString(3, username);
            resident.setString(4, hash);
            resident.setString(5, String.valueOf(9_100_000_000L + System.nanoTime() % 100_000_000L));
            resident.setTimestamp(6, then);
            resident.setTimestamp(7, then);
            resident.executeUpdate();
        }
        try (PreparedStatement folder = connection.prepareStatement(
                "insert into locker_folder (id, account_id, name, created_at) values (?, ?, ?, ?)")) {
            folder.setObject(1, UUID.randomUUID());
            folder.setObject(2, account);
            folder.setString(3, "Certificates from school");
            folder.setTimestamp(4, then);
            folder.executeUpdate();
        }
        try (PreparedStatement activity = connection.prepareStatement("""
                insert into audit_inbox (occurred_at, actor_type, actor_id, action, subject, details)
                values (?, 'RESIDENT', ?, 'account.ResidentSignedUp', ?, '{}')""")) {
            activity.setTimestamp(1, then);
            activity.setString(2, account.toString());
            activity.setString(3, account.toString());
            activity.executeUpdate();
        }
    }

    /** Each module's last migration in this version, from the application's own migration folders. */
    private static Map<String, Integer> lastMigrations() throws Exception {
        Map<String, Integer> last = new HashMap<>();
        Pattern file = Pattern.compile("db/migration/([^/]+)/V(\\d+)__[^/]+\\.sql$");
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:db/migration/*/V*__*.sql")) {
            Matcher matcher = file.matcher(resource.getURL().toString());
            if (matcher.find()) {
                last.merge(matcher.group(1), Integer.parseInt(matcher.group(2)), Math::max);
            }
        }
        assertThat(last).containsKeys("__root", "account", "sharing", "locker");
        return last;
    }

    private static int lastVersion(Connection connection, String table) throws SQLException {
        try (var result = connection.createStatement().executeQuery(
                "select max(version::int) from " + table + " where success")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (var result = connection.createStatement().executeQuery(
                "select count(*) from information_schema.tables where table_name = '" + table + "'")) {
            result.next();
            return result.getInt(1) == 1;
        }
    }
}
