package org.tijori;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder that holds everything Tijori keeps on local disk: the embedded database ({@code pg/}),
 * filesystem blobs ({@code blobs/}) and development keys ({@code keys/}).
 * <p>
 * It is created and checked for writing when the application starts, so that a folder Tijori cannot
 * write is reported at once and plainly, not as a failure deep inside the database start-up.
 */
public final class StateDirectory {

    private final Path root;

    private StateDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates the folder if needed and proves that it can be written.
     *
     * @throws StateDirectoryUnusableException when the folder cannot be created or written
     */
    public static StateDirectory prepare(Path configured) {
        Path root = configured.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".write-check", ".tmp");
            Files.delete(probe);
        }
        catch (IOException | SecurityException e) {
            throw new StateDirectoryUnusableException(root, e);
        }
        return new StateDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve("pg");
    }

    public Path blobs() {
        return root.resolve("blobs");
    }

    public Path keys() {
        return root.resolve("keys");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
