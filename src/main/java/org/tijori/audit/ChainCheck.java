package org.tijori.audit;

import java.time.Instant;

/**
 * The outcome of the last verification of the whole chain on this node, and when it finished.
 */
public record ChainCheck(AuditVerification result, Instant checkedAt) {
}
