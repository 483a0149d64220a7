package org.tijori.locker;

/**
 * A resident's folder for uploaded documents.
 */
public record Folder(FolderId id, String name) {
}
