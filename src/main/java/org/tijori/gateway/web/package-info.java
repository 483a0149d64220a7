/**
 * The gateway over HTTP: DigiLocker's Authorized Partner API under {@code /public} (its filter chain, the limits
 * checked before a request is read, and DigiLocker's error bodies), and the requesters' and residents' pages.
 * <p>Internal to the gateway module.
 */
package org.tijori.gateway.web;
