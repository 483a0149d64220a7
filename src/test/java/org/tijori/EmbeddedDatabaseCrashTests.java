package org.tijori;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kills Tijori with SIGKILL while it runs on its embedded database, as the kernel's out-of-memory killer
 * or an operator's {@code kill -9} would, and starts it again on the same data directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseCrashTests {

    @Test
    void aKilledProcessTakesItsDatabaseServerWithItAndStartsAgain(@TempDir Path state, CapturedOutput output)
            throws Exception {
        Process tijori = startInItsOwnJvm(state);
        ProcessHandle server = postmaster(state);

        tijori.destroyForcibly();
        assertThat(tijori.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(server.onExit()).as("the database server outlived the process that started it")
                .succeedsWithin(Duration.ofSeconds(30));
        try (var again = StartupTests.start("--tijori.data-dir=" + state)) {
            assertThat(StartupTests.readiness(again)).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void aServerOrphanedWithoutItsWatchdogIsStoppedAtTheNextStart(@TempDir Path state, CapturedOutput output)
            throws Exception {
        Process tijori = startInItsOwnJvm(state);
        ProcessHandle server = postmaster(state);
        // The worst case: the watchdog died with the JVM (a whole process group killed, say), leaving the
        // server running on its own.
        List<ProcessHandle> watchdogs = tijori.descendants()
                .filter(child -> child.info().commandLine().orElse("").contains("tijori-postgres-watchdog"))
                .toList();
        assertThat(watchdogs).hasSize(1);
        watchdogs.forEach(ProcessHandle::destroyForcibly);
        tijori.destroyForcibly();
        assertThat(tijori.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500);
        assertThat(server.isAlive()).as("orphaned server").isTrue();

        try (var again = StartupTests.start("--tijori.data-dir=" + state)) {
            assertThat(StartupTests.readiness(again)).contains("\"status\":\"UP\"");
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(output.getAll()).contains("was still running on " + state.toAbsolutePath().resolve("pg")
                + " after the Tijori process that started it had died");
    }

    @Test
    void aSecondProcessOnTheSameEmbeddedDatabaseIsRefusedPlainly(@TempDir Path state, CapturedOutput output)
            throws Exception {
        try (var first = StartupTests.start("--tijori.data-dir=" + state)) {
            assertThatThrownBy(() -> StartupTests.start("--tijori.data-dir=" + state));

            assertThat(output.getAll())
                    .contains("Another Tijori process is running with the data directory " + state.toAbsolutePath())
                    .doesNotContain("\tat ");
            assertThat(StartupTests.readiness(first)).contains("\"status\":\"UP\"");
        }
    }

    /** Starts Tijori as an operator would, in a JVM of its own, and waits until it has started. */
    private static Process startInItsOwnJvm(Path state) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TijoriApplication.class.getName(), "--server.port=0", "--spring.main.banner-mode=off",
                "--tijori.data-dir=" + state).redirectErrorStream(true).start();
        var started = CompletableFuture.supplyAsync(() -> {
            var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.contains("Started TijoriApplication")) {
                        // Keep draining, so that the process never blocks on a full pipe.
                        CompletableFuture.runAsync(() -> lines.lines().forEach(rest -> { }));
                        return true;
                    }
                }
                return false;
            }
            catch (java.io.IOException e) {
                return false;
            }
        });
        try {
            if (!started.get(300, TimeUnit.SECONDS)) {
                throw new AssertionError("Tijori ended before it started");
            }
        }
        catch (Exception | AssertionError e) {
            // Never leave a JVM (and its database server) behind a failed test.
            process.destroy();
            throw e;
        }
        return process;
    }

    private static ProcessHandle postmaster(Path state) {
        long pid = EmbeddedPostmaster.postmasterPid(state.resolve("pg"))
                .orElseThrow(() -> new AssertionError("no postmaster.pid"));
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the server is not running"));
    }
}
