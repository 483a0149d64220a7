package org.tijori.gateway.token;

import java.time.Instant;

import org.tijori.gateway.ConsentDuration;
import org.tijori.gateway.ConsentId;

/**
 * The consent an authorization was granted under, as {@link Authorizations} reads it with the authorization: the
 * token generator caps every token at its end and gives no refresh token for {@code ONCE}.
 *
 * @param ended whether it ended before its time
 */
public record LinkedConsent(ConsentId id, ConsentDuration duration, Instant expiresAt, boolean ended) {

    /** The attribute of a rebuilt authorization that holds it. */
    public static final String ATTRIBUTE = LinkedConsent.class.getName();

    public boolean liveAt(Instant now) {
        return !ended && expiresAt.isAfter(now);
    }
}
