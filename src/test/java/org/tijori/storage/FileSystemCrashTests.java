package org.tijori.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills a JVM with SIGKILL while it writes, and after it committed: an object is either whole or
 * not there, and what the dead writer left is removed.
 */
class FileSystemCrashTests {

    static Process start(String mode, Path root, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashingUpload.class.getName(),
                mode, root.toString(), name).redirectErrorStream(true).start();
    }

    static void awaitLine(Process process, String expected) throws Exception {
        var lines = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new AssertionError("the writer ended without printing " + expected);
    }

    static List<Path> temporaryFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.list(root.resolve(FileSystemBlobStore.TEMPORARY))) {
            return files.toList();
        }
    }

    @Test
    void aWriterKilledMidWayLeavesNothingVisibleAndItsLeftoversAreRemoved(@TempDir Path root) throws Exception {
        String name = UUID.randomUUID().toString();
        Process writer = start("write", root, name);
        awaitLine(writer, "WRITING");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> temporaryFiles(root).stream().mapToLong(this::size).sum() >= 8 * 1024 * 1024);

        writer.destroyForcibly();
        assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();

        var store = new FileSystemBlobStore(root);
        assertThat(store.exists(name)).isFalse();
        assertThat(temporaryFiles(root)).hasSize(1);
        assertThat(store.removeIncompleteBefore(Instant.now().minusSeconds(60))).as("too young").isZero();
        assertThat(store.removeIncompleteBefore(Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(temporaryFiles(root)).isEmpty();
    }

    @Test
    void aWriterKilledAfterCommittingLeavesTheWholeObject(@TempDir Path root) throws Exception {
        String name = UUID.randomUUID().toString();
        Process writer = start("commit", root, name);
        awaitLine(writer, "COMMITTED");

        writer.destroyForcibly();
        assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();

        var store = new FileSystemBlobStore(root);
        assertThat(store.exists(name)).isTrue();
        assertThat(Files.size(store.pathOf(name))).isEqualTo(48L * 64 * 1024);
        assertThat(temporaryFiles(root)).isEmpty();
    }

    private long size(Path file) {
        try {
            return Files.size(file);
        }
        catch (java.io.IOException gone) {
            return 0;
        }
    }
}
