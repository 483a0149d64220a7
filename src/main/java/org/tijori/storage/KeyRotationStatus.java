package org.tijori.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * Progress of re-wrapping every data key under the current primary master key.
 *
 * @param id the rotation
 * @param targetKeyId the master key the data keys are re-wrapped under
 * @param state {@code RUNNING}, {@code DONE}, or {@code DONE_WITH_FAILURES} (some data keys or
 *              secrets could not be opened with the keyset and were left as they were)
 * @param total data keys not under the target key when the rotation started, plus the sealed
 *              secrets (re-sealed by every rotation)
 * @param done data keys re-wrapped and secrets re-sealed so far
 * @param failed data keys and secrets that could not be opened with the keyset
 * @param startedAt when it started
 * @param finishedAt when it finished; null while running
 */
public record KeyRotationStatus(UUID id, long targetKeyId, String state, long total, long done, long failed,
        Instant startedAt, Instant finishedAt) {
}
