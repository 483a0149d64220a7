package org.tijori.verify.events;

import java.time.Instant;

import org.tijori.account.AccountId;

/**
 * Someone verified a resident's document, once or several times within a short window (ADR 22, "Activity"): by
 * its QR code's link ({@code online}) or by uploading the file ({@code file}). The verifier is named only by a
 * keyed fingerprint of their address, so that a resident can tell one verifier from another and nobody can read
 * the address back; the entry is recorded away from the verifier's request, so the trail keeps no address either.
 *
 * @param how {@code online} or {@code file}
 * @param verifier twelve hex digits of a keyed fingerprint of the verifier's address
 * @param first when the first of these verifications happened
 * @param last when the last of them happened
 * @param times how many verifications the entry stands for
 */
public record DocumentVerified(AccountId account, String uri, int version, String how, String verifier,
        Instant first, Instant last, int times) {
}
