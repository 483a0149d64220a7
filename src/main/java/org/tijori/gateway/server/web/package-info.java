/**
 * Spring Security's authorization server on DigiLocker's paths (ADR 23, chain 1): its settings, the one issuer
 * {@code ${tijori.base-url}/public} whatever host a request names, and the endpoints published under
 * {@code /public} (the others answer 404). HTTP throughout, hence a {@code web} package.
 * <p>Internal to the gateway module.
 */
package org.tijori.gateway.server.web;
