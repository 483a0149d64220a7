package org.tijori.account.events;

import java.time.Instant;

/**
 * A resident who lost the second factor proved the mobile number; the factors go at {@code effectiveAt}
 * unless the reset is cancelled first.
 *
 * @param account the resident's account ID
 * @param effectiveAt when the factors are removed
 */
public record SecondFactorResetRequested(String account, Instant effectiveAt) {
}
