package org.tijori.issuer.events;

import java.util.UUID;

/**
 * A bulk upload was processed.
 *
 * @param status {@code DONE}, or {@code FAILED} when the ZIP could not be read
 */
public record BulkPublicationFinished(String issuer, UUID bulkId, String status, int published, int refused) {
}
