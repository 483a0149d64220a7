package org.tijori.signing;

/**
 * Whether an issuer's signatures may use RSA with SHA-1, which some issuers' older signing systems
 * still produce. SHA-1 is broken for collisions, so it is refused unless an administrator allowed it
 * for one issuer; a signature accepted that way is marked, so that every place that shows it can warn.
 */
public enum LegacyAlgorithms {

    /** Only SHA-256 and stronger, for the digest and the signature. */
    REFUSED,

    /** RSA-SHA1 signatures and SHA-1 reference digests too, for an issuer an administrator allowed. */
    RSA_SHA1_ALLOWED
}
