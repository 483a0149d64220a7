package org.tijori.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects as files under a root folder, two levels of sub-folders deep ({@code ab/cd/abcd...}) so
 * that no folder grows too large. An upload is written to {@code tmp/}, forced to disk, then renamed
 * into place atomically and its folder forced too: after a crash at any moment an object is either
 * whole or absent, and leftovers in {@code tmp/} are removed later.
 */
final class FileSystemBlobStore implements BlobStore {

    static final String TEMPORARY = "tmp";

    private static final int BUFFER = 64 * 1024;

    private final Path root;

    private final Path temporary;

    /** Folders known to exist: at most 65,536 (two levels of 256), each created and forced once. */
    private final Set<Path> folders = ConcurrentHashMap.newKeySet();

    FileSystemBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        this.temporary = this.root.resolve(TEMPORARY);
        Files.createDirectories(temporary);
    }

    Path pathOf(String name) {
        if (name.length() < 4 || !name.matches("[0-9a-f-]+")) {
            throw new IllegalArgumentException("not an object name: " + name);
        }
        return root.resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name);
    }

    @Override
    public Upload begin(String name) throws IOException {
        Path target = pathOf(name);
        Path file = temporary.resolve(name + "." + UUID.randomUUID() + ".tmp");
        return new FileUpload(target, file, FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
    }

    @Override
    public InputStream read(String name) throws IOException {
        return Files.newInputStream(pathOf(name));
    }

    @Override
    public SeekableByteChannel channel(String name) throws IOException {
        return FileChannel.open(pathOf(name), StandardOpenOption.READ);
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(pathOf(name));
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(pathOf(name));
    }

    @Override
    public int removeIncompleteBefore(Instant cutoff) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temporary, "*.tmp")) {
            for (Path leftover : leftovers) {
                try {
                    if (Files.getLastModifiedTime(leftover).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(leftover);
                        removed++;
                    }
                }
                catch (NoSuchFileException gone) {
                    // Committed or aborted meanwhile.
                }
            }
        }
        return removed;
    }

    /**
     * Moves a finished file into its folder, making the folder the first time (forcing the folder above it, so
     * that a new folder's entry survives a crash as the file's does). A folder removed behind the store's back
     * is made again.
     */
    private void moveInto(Path folder, Path file, Path target) throws IOException {
        if (!folders.contains(folder)) {
            makeFolder(folder);
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (NoSuchFileException folderGone) {
            folders.remove(folder);
            makeFolder(folder);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void makeFolder(Path folder) throws IOException {
        makeLevel(folder.getParent());
        makeLevel(folder);
        folders.add(folder);
    }

    private static void makeLevel(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.createDirectory(folder);
        }
        catch (FileAlreadyExistsException madeMeanwhile) {
            // By another store, which may not have forced the folder above it yet: forced here too.
        }
        forceFolder(folder.getParent());
    }

    private static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private final class FileUpload extends Upload {

        private final Path target;

        private final Path file;

        private final FileChannel channel;

        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

        private boolean finished;

        FileUpload(Path target, Path file, FileChannel channel) {
            this.target = target;
            this.file = file;
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length >= BUFFER) {
                drain();
                ByteBuffer direct = ByteBuffer.wrap(bytes, offset, length);
                while (direct.hasRemaining()) {
                    channel.write(direct);
                }
                return;
            }
            if (buffer.remaining() < length) {
                drain();
            }
            buffer.put(bytes, offset, length);
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        @Override
        void commit() throws IOException {
            drain();
            // The data and the size, which is all a read needs (fdatasync); the times may be lost.
            channel.force(false);
            channel.close();
            Path folder = target.getParent();
            moveInto(folder, file, target);
            forceFolder(folder);
            finished = true;
        }

        @Override
        void abort() {
            finished = true;
            try {
                channel.close();
            }
            catch (IOException ignored) {
                // Removing the file below is what matters.
            }
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException ignored) {
                // The orphan collector removes it later.
            }
        }

        @Override
        public void close() {
            if (!finished) {
                abort();
            }
        }
    }
}
