/**
 * E-sign over HTTP, for anyone: the e-sign CA's certificate and its CRL, the time-stamp authority, and the check of
 * a signed file ({@code POST /api/v1/esign/verify} and the page {@code /esign/verify}), with the limits of each
 * taken before a byte of the body is read.
 * <p>Internal to the signing module.
 */
package org.tijori.signing.web;
