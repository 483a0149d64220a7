package org.tijori.issuer.events;

import java.util.UUID;

/** An issuer uploaded a ZIP of pushes; it waits to be processed. */
public record BulkPublicationReceived(String issuer, UUID bulkId, long bytes) {
}
