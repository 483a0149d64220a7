package org.tijori;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the embedded PostgreSQL server to the life of this process. PostgreSQL runs as a process of its
 * own, which outlives a JVM that is killed ({@code kill -9}, the kernel's out-of-memory killer) and then
 * holds the data directory, so that the next start fails. So:
 * <ul>
 * <li>this process first takes an exclusive lock on {@code data-dir/pg.lock}, which the operating system
 * releases however the process ends: a second Tijori on the same data directory is refused plainly;</li>
 * <li>holding the lock, a PostgreSQL server still running on {@code data-dir/pg} can only be an orphan of
 * a process that died, and is stopped (fast shutdown) before the new one starts; a lock file whose process
 * is gone means PostgreSQL will recover from the crash, which may take a while and is said so;</li>
 * <li>once the server runs, a watchdog process ({@code sh}) waits on a pipe from this JVM: when the JVM
 * ends in any way, the pipe closes and the watchdog stops the server, unless it has already stopped.</li>
 * </ul>
 */
final class EmbeddedPostmaster implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostmaster.class);

    /** How long an orphaned server gets for a fast shutdown before it is killed. */
    static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);

    /**
     * Reads end of file when this JVM is gone; then stops the server whose ID it was given, if the data
     * directory's lock file still names it (so a stopped server's reused process ID is never signalled).
     */
    static final String WATCHDOG = """
            while read -r line; do :; done
            pid=$(head -n 1 "$1/postmaster.pid" 2>/dev/null)
            if [ "$pid" = "$2" ]; then kill -INT "$2"; fi
            """;

    private final FileChannel lockChannel;

    private final FileLock lock;

    private final Path directory;

    private final PreviousStop previousStop;

    private Process watchdog;

    private EmbeddedPostmaster(FileChannel lockChannel, FileLock lock, Path directory, PreviousStop previousStop) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.directory = directory;
        this.previousStop = previousStop;
    }

    /**
     * Claims the embedded database's directory for this process, stopping an orphaned server of it.
     *
     * @throws StateDirectoryInUseException when another live process holds it
     */
    static EmbeddedPostmaster claim(Path directory) {
        Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StateDirectoryInUseException(directory.getParent());
            }
            return new EmbeddedPostmaster(channel, lock, directory, stopOrphan(directory));
        }
        catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof StateDirectoryInUseException inUse) {
                throw inUse;
            }
            if (e instanceof java.nio.channels.OverlappingFileLockException) {
                throw new StateDirectoryInUseException(directory.getParent());
            }
            throw new StateDirectoryUnusableException(directory.getParent(), e);
        }
    }

    /** How the server stopped the last time, as found before this start. */
    PreviousStop previousStop() {
        return previousStop;
    }

    /** Starts the watchdog for the server that now runs on the directory. */
    void watch() {
        Optional<Long> pid = postmasterPid(directory);
        if (pid.isEmpty()) {
            log.warn("The embedded PostgreSQL in {} wrote no postmaster.pid; it will not be stopped if Tijori dies",
                    directory);
            return;
        }
        try {
            watchdog = new ProcessBuilder("sh", "-c", WATCHDOG, "tijori-postgres-watchdog", directory.toString(),
                    pid.get().toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        }
        catch (IOException e) {
            log.warn("Could not start the watchdog of the embedded PostgreSQL ({}); it will not be stopped if Tijori "
                    + "dies", e.getMessage());
        }
    }

    /** Ends the watchdog (the server is stopped by then, or about to be) and releases the directory. */
    @Override
    public void close() {
        if (watchdog != null) {
            try (OutputStream pipe = watchdog.getOutputStream()) {
                pipe.flush();
            }
            catch (IOException e) {
                // The watchdog is gone already; nothing to end.
            }
        }
        try {
            lock.release();
        }
        catch (IOException e) {
            // The lock goes with the channel below, or with the process.
        }
        closeQuietly(lockChannel);
    }

    /**
     * Stops a server that still runs on the directory although no live process holds the lock. A lock file
     * naming a process that is not a PostgreSQL server of this directory (its ID was reused) is removed, as
     * PostgreSQL would otherwise refuse to start.
     */
    static PreviousStop stopOrphan(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        Optional<Long> pid = postmasterPid(directory);
        if (pid.isEmpty()) {
            return Files.exists(pidFile) ? PreviousStop.UNCLEAN : PreviousStop.CLEAN;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return PreviousStop.UNCLEAN;
        }
        if (!isPostmasterOf(pid.get(), directory)) {
            log.warn("The embedded database's lock file names process {}, which is not its server; removing the "
                    + "stale lock file", pid.get());
            Files.deleteIfExists(pidFile);
            return PreviousStop.UNCLEAN;
        }
        log.warn("An embedded PostgreSQL server (process {}) was still running on {} after the Tijori process that "
                + "started it had died; stopping it before starting again", pid.get(), directory);
        fastShutdown(process.get());
        if (!awaitExit(process.get(), ORPHAN_STOP_WAIT)) {
            log.warn("The orphaned PostgreSQL server did not stop within {} s; killing it and its children",
                    ORPHAN_STOP_WAIT.toSeconds());
            List<ProcessHandle> children = process.get().descendants().toList();
            process.get().destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            awaitExit(process.get(), Duration.ofSeconds(10));
            return PreviousStop.UNCLEAN;
        }
        return PreviousStop.ORPHAN_STOPPED;
    }

    /** SIGINT, PostgreSQL's fast shutdown; SIGTERM (its slower "smart" shutdown) where kill cannot be run. */
    private static void fastShutdown(ProcessHandle process) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        }
        catch (IOException e) {
            // No kill command: fall back to the signal Java can send.
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        }
        catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
        catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Whether the process's command line is a PostgreSQL server started on this data directory. */
    private static boolean isPostmasterOf(long pid, Path directory) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> arguments = List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
            return !arguments.isEmpty() && arguments.get(0).endsWith("postgres")
                    && arguments.contains(directory.toString());
        }
        catch (IOException e) {
            // No /proc (not Linux) or no longer there: only a live server of ours may be stopped.
            return false;
        }
    }

    /** The process ID on the first line of PostgreSQL's lock file, if there is a readable one. */
    static Optional<Long> postmasterPid(Path directory) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            }
            catch (IOException e) {
                // Nothing more can be done about it.
            }
        }
    }

    /** How the embedded server ended before this start. */
    enum PreviousStop {

        /** Stopped by its Tijori process, or never started. */
        CLEAN,

        /** Was still running after its Tijori process died, and has now been stopped. */
        ORPHAN_STOPPED,

        /** Ended without a shutdown (killed with its process): PostgreSQL replays its log when it starts. */
        UNCLEAN
    }
}
