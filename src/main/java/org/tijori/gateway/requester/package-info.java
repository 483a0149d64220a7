/**
 * Requesters: their registration (checked by itself), the client secret kept as a keyed hash for authentication
 * and sealed for DigiLocker's HMACs, and the portal a requester signs in to with its client ID and secret.
 * <p>Internal to the gateway module.
 */
package org.tijori.gateway.requester;
