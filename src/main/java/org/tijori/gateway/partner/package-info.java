/**
 * The partner API's operations without HTTP, and its limits ({@link org.tijori.gateway.partner.PartnerLimits}).
 * <p>Internal to the gateway module.
 */
package org.tijori.gateway.partner;
