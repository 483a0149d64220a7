package org.tijori.locker;

import java.util.UUID;

/**
 * A resident's folder for uploaded documents.
 */
public record Folder(UUID id, String name) {
}
