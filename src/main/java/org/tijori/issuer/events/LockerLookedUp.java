package org.tijori.issuer.events;

/**
 * A partner asked whether a mobile number or a national ID has a locker; the number itself is not kept.
 *
 * @param by {@code mobile} or {@code uid}
 */
public record LockerLookedUp(String clientId, String by, boolean found) {
}
