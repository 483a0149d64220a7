package org.tijori.locker;

import java.time.Instant;

/**
 * A document a resident uploaded.
 *
 * @param docType its type from the {@link DocumentKind} catalogue, or {@code null} when not set
 * @param folder the folder it is in, or {@code null} for the top level
 * @param deletedAt when it went to the recycle bin, or {@code null}
 */
public record UploadedDocument(UploadId id, String name, DocumentKind docType, String mediaType, long size,
        Folder folder, Instant uploadedAt, Instant updatedAt, Instant deletedAt) {

    public boolean isImage() {
        return mediaType.startsWith("image/");
    }

    public boolean inBin() {
        return deletedAt != null;
    }
}
