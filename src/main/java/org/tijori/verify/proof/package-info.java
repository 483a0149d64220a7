/**
 * Tijori's proofs: the ES256 keys (sealed, rotated, listed for good), signing a proof for a document's
 * version, and checking an untrusted one before anything is looked up.
 * <p>Internal to the verify module.
 */
package org.tijori.verify.proof;
