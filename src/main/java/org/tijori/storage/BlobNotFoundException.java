package org.tijori.storage;

/**
 * No blob with this ID is stored.
 */
public class BlobNotFoundException extends RuntimeException {

    public BlobNotFoundException(BlobId id) {
        super("No blob " + id);
    }
}
