package org.tijori;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Test;
import org.tijori.audit.AuditTrail;
import org.tijori.audit.AuditVerification;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backup procedure of docs/production.md, as an operator runs it: {@code deploy/backup/backup.sh} on a Tijori
 * that is running and being written to, {@code restore.sh} into an empty database and data directory, and Tijori
 * started on the copy with the same keyset: the residents sign in, every document reads back with the same bytes,
 * the share is there and the activity trail's chain verifies. On the machine's PostgreSQL ({@link MachinePostgres}).
 */
class BackupRestoreTests {

    @Test
    void aBackupTakenWhileTijoriRunsRestoresIntoAnEmptyDatabaseAndStoreAndEverythingReadsBack() throws Exception {
        MachinePostgres.assumeAvailable();
        AeadConfig.register();
        String keyset = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        String source = MachinePostgres.createDatabase("tijori_backup_source");
        String copy = MachinePostgres.createDatabase("tijori_backup_copy");
        Path sourceDir = TemporaryStateDirectory.create();
        Path copyDir = TemporaryStateDirectory.create();
        Path backup = TemporaryStateDirectory.create().resolve("backup");
        try {
            LockerJourneys.Resident resident;
            String uploaded;
            String issued;
            String share;
            byte[] issuedXml;
            Map<String, byte[]> writtenMeanwhile = new ConcurrentHashMap<>();
            try (var running = start(sourceDir, source, keyset)) {
                var journeys = new LockerJourneys(running);
                resident = journeys.signUp();
                uploaded = journeys.upload(resident, "ration-card.pdf");
                issued = journeys.receiveIssued(resident);
                issuedXml = journeys.issuedXml(resident.web(), issued);
                share = journeys.share(resident, uploaded, issued);

                // Uploads go on while the backup runs: whichever of them the dump holds must come back whole.
                AtomicBoolean backingUp = new AtomicBoolean(true);
                AtomicReference<Exception> writerFailed = new AtomicReference<>();
                Thread writer = new Thread(() -> {
                    try {
                        var web = journeys.signIn(resident.username());
                        while (backingUp.get()) {
                            writtenMeanwhile.put(journeys.upload(new LockerJourneys.Resident(resident.username(),
                                    resident.lockerId(), web), "receipt.pdf"), LockerJourneys.pdf());
                        }
                    }
                    catch (Exception | AssertionError e) {
                        writerFailed.set(new IllegalStateException(e));
                    }
                });
                writer.start();
                try {
                    run(Map.of("TIJORI_DATA_DIR", sourceDir.toString()), MachinePostgres.environment(source),
                            "deploy/backup/backup.sh", backup.toString());
                }
                finally {
                    backingUp.set(false);
                    writer.join();
                }
                assertThat(writerFailed.get()).isNull();
                assertThat(writtenMeanwhile).as("uploads while the backup ran").isNotEmpty();
            }
            assertThat(backup.resolve("tijori.dump")).isNotEmptyFile();
            assertThat(Files.readString(backup.resolve("MANIFEST"))).contains("storage=filesystem", "tijori.dump");
            assertThat(copyDir).isEmptyDirectory();

            run(Map.of("TIJORI_DATA_DIR", copyDir.toString()), MachinePostgres.environment(copy),
                    "deploy/backup/restore.sh", backup.toString());
            // A second restore onto what is there now is refused rather than mixed in.
            assertThat(exitCode(Map.of("TIJORI_DATA_DIR", copyDir.toString()), MachinePostgres.environment(copy),
                    "deploy/backup/restore.sh", backup.toString())).isNotZero();

            try (var restored = start(copyDir, copy, keyset)) {
                var journeys = new LockerJourneys(restored);
                var web = journeys.signIn(resident.username());
                assertThat(journeys.uploadedContent(web, uploaded)).isEqualTo(LockerJourneys.pdf());
                assertThat(journeys.issuedXml(web, issued)).isEqualTo(issuedXml);
                assertThat(journeys.shares(web)).contains("\"id\":\"" + share + "\"", "\"state\":\"ACTIVE\"");
                List<String> restoredMeanwhile = new ArrayList<>();
                for (var written : writtenMeanwhile.entrySet()) {
                    var response = web.getBytes("/api/v1/locker/uploaded/" + written.getKey() + "/content");
                    if (response.statusCode() == 200) {
                        assertThat(response.body()).isEqualTo(written.getValue());
                        restoredMeanwhile.add(written.getKey());
                    }
                    else {
                        assertThat(response.statusCode()).as("an upload after the snapshot is absent").isEqualTo(404);
                    }
                }
                long blobs = restored.getBean(JdbcClient.class).sql("select count(*) from storage_blob")
                        .query(Long.class).single();
                assertThat(blobs).as("every blob row has its object: checked by reading").isPositive();

                AuditVerification chain = restored.getBean(AuditTrail.class).verify();
                assertThat(chain.intact()).as(String.valueOf(chain.problem())).isTrue();
                assertThat(chain.entriesChecked()).isPositive();

                // The restored Tijori goes on storing.
                var again = new LockerJourneys.Resident(resident.username(), resident.lockerId(), web);
                assertThat(journeys.uploadedContent(web, journeys.upload(again, "after-restore.pdf")))
                        .isEqualTo(LockerJourneys.pdf());
            }
        }
        finally {
            MachinePostgres.dropDatabase(source);
            MachinePostgres.dropDatabase(copy);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, String database, String keyset) {
        return new SpringApplicationBuilder(TijoriApplication.class)
                .run(LockerJourneys.arguments(dataDir, MachinePostgres.url(database), keyset));
    }

    private static void run(Map<String, String> more, Map<String, String> database, String... command)
            throws Exception {
        assertThat(exitCode(more, database, command)).as(String.join(" ", command)).isZero();
    }

    private static int exitCode(Map<String, String> more, Map<String, String> database, String... command)
            throws Exception {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("TIJORI_"));
        builder.environment().putAll(database);
        builder.environment().putAll(more);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        System.out.println(String.join(" ", command) + " (exit " + code + "):\n" + output);
        return code;
    }
}
