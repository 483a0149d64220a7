package org.tijori;

import java.nio.file.Path;

/**
 * The configured data directory cannot be created or written.
 */
public class StateDirectoryUnusableException extends RuntimeException {

    private final Path directory;

    StateDirectoryUnusableException(Path directory, Throwable cause) {
        super("Tijori cannot write to its data directory " + directory, cause);
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
