package org.tijori;

import java.nio.file.Path;

/**
 * Another live Tijori process runs the embedded database of the same data directory.
 */
class StateDirectoryInUseException extends RuntimeException {

    private final Path directory;

    StateDirectoryInUseException(Path directory) {
        super("Another Tijori process uses the embedded database in " + directory);
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }
}
