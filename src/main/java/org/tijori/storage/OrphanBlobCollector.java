package org.tijori.storage;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes objects whose row never committed (the caller rolled back, the node died between writing
 * the object and committing its row) or whose row was deleted before the object could be, once they
 * are older than the grace period; and what interrupted uploads left behind. One node at a time.
 */
@Component
class OrphanBlobCollector {

    static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(OrphanBlobCollector.class);

    private final BlobCatalog catalog;

    private final BlobStore store;

    private final BlobVault vault;

    private final StorageProperties properties;

    private final Clock clock;

    OrphanBlobCollector(BlobCatalog catalog, BlobStore store, BlobVault vault, StorageProperties properties,
            Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.vault = vault;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${tijori.storage.orphan-collection-delay:2m}",
            fixedDelayString = "${tijori.storage.orphan-collection-interval:10m}")
    @SchedulerLock(name = "orphan-blob-collection")
    void collectOnSchedule() {
        collect(clock.instant().minus(properties.orphanGracePeriod()));
    }

    /**
     * Removes orphans and leftovers older than {@code cutoff}.
     *
     * @return how many were removed
     */
    int collect(Instant cutoff) {
        int removed = 0;
        List<BlobId> orphans;
        int removedInBatch;
        do {
            orphans = catalog.orphansBefore(cutoff, BATCH);
            removedInBatch = 0;
            for (BlobId orphan : orphans) {
                if (vault.removeObject(orphan)) {
                    removedInBatch++;
                }
            }
            removed += removedInBatch;
        }
        // A batch in which nothing could be removed (the store is down) waits for the next run.
        while (orphans.size() == BATCH && removedInBatch > 0);
        try {
            removed += store.removeIncompleteBefore(cutoff);
        }
        catch (IOException e) {
            log.warn("Could not remove what interrupted uploads left behind: {}", e.toString());
        }
        if (removed > 0) {
            log.info("Removed {} orphaned or incomplete blob objects older than {}", removed, cutoff);
        }
        return removed;
    }
}
