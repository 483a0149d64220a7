package org.tijori.storage;

/**
 * The master keyset is missing, malformed, or cannot open the data keys of blobs already stored.
 * Raised at start-up, never as a later read failure.
 */
public class KeysetUnusableException extends RuntimeException {

    public KeysetUnusableException(String message) {
        super(message);
    }

    public KeysetUnusableException(String message, Throwable cause) {
        super(message, cause);
    }
}
