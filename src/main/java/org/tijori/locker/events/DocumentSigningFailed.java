package org.tijori.locker.events;

import org.tijori.account.AccountId;

/**
 * An e-signing of a resident's document did not happen (issue 18).
 *
 * @param document the ID of the document, or null when the signing was refused before one was looked up
 * @param name its name, or null
 * @param outcome {@code limit} (too many signings this hour), {@code wrong-otp}, {@code otp-exhausted} (the signing
 *                was cancelled), {@code wrong-second-factor}, {@code second-factor-exhausted}, {@code expired} or
 *                {@code refused} (the file cannot be signed)
 * @param problem what was wrong with the file when {@code refused}, such as {@code encrypted}; else null
 */
public record DocumentSigningFailed(AccountId account, String document, String name, String outcome,
        String problem) {
}
