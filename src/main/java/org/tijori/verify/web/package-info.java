/**
 * The verification module over HTTP: the JWKS of the proof keys, and their rotation by an administrator.
 * <p>Internal to the verify module.
 */
package org.tijori.verify.web;
