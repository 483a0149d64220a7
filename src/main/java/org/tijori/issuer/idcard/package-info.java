/**
 * The national-ID card as an issued document (ADR 23): the ID authority as a built-in issuer with its own
 * signing key, the card that a linked national ID puts among the resident's issued documents (and that unlinking
 * withdraws), the backfill for residents who linked before, and the card as UIDAI's e-KYC answer.
 * <p>Internal to the issuer module, but for {@link org.tijori.issuer.idcard.NationalIdCards}, which is part of its
 * named interface {@code documents}.
 */
package org.tijori.issuer.idcard;
