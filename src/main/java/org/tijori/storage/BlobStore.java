package org.tijori.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;

/**
 * Where ciphertext is kept. A store knows nothing of keys or rows: it writes, reads and deletes named
 * objects, and guarantees that an upload is visible either whole, after {@link Upload#commit()}, or
 * not at all.
 */
interface BlobStore {

    /** Starts writing the object {@code name}; nothing is visible until the upload commits. */
    Upload begin(String name) throws IOException;

    /**
     * Reads a whole object.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such object
     */
    InputStream read(String name) throws IOException;

    /**
     * Opens an object for reading at any position.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such object
     */
    SeekableByteChannel channel(String name) throws IOException;

    /** Removes an object; removing one that does not exist is not an error. */
    void delete(String name) throws IOException;

    boolean exists(String name) throws IOException;

    /** Removes what uploads that never committed left behind before {@code cutoff}. */
    int removeIncompleteBefore(Instant cutoff) throws IOException;

    /** An object being written. Closing an upload that did not commit aborts it. */
    abstract class Upload extends OutputStream {

        /** Makes the whole object visible, durably. */
        abstract void commit() throws IOException;

        /** Drops everything written; never throws. */
        abstract void abort();
    }
}
