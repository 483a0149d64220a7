package org.tijori.storage;

/**
 * The blob store could not do what was asked (a full disk, an S3 error, a broken input stream).
 * Nothing half-written stays visible.
 */
public class BlobStorageException extends RuntimeException {

    public BlobStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
