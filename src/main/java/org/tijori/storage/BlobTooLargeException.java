package org.tijori.storage;

/**
 * The content grew past the size allowed for it; nothing was kept.
 */
public class BlobTooLargeException extends RuntimeException {

    private final long limit;

    public BlobTooLargeException(long limit) {
        super("The content is larger than the " + limit + " bytes allowed");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
