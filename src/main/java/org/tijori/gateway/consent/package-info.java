/**
 * Residents' consents to requesters (ADR 23): the {@link org.tijori.gateway.consent.Consent} aggregate and its signed
 * receipts ({@link org.tijori.gateway.consent.ConsentReceipts}); the module's API to them is
 * {@link org.tijori.gateway.Consents}.
 * <p>Internal to the gateway module.
 */
package org.tijori.gateway.consent;
