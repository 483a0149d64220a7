/**
 * E-sign verification over HTTP: {@code POST /api/v1/esign/verify} and the page {@code /esign/verify}, for anyone,
 * with their limits taken before a byte of the upload is read.
 * <p>Internal to the signing module.
 */
package org.tijori.signing.web;
