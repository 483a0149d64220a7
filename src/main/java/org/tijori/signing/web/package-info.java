/**
 * E-sign over HTTP: the e-sign CA's certificate and its CRL, for anyone who validates a signature Tijori made.
 * <p>Internal to the signing module.
 */
package org.tijori.signing.web;
