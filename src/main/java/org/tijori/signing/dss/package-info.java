/**
 * What DSS needs to run with the Bouncy Castle version Tijori uses.
 * <p>Internal to the signing module.
 */
package org.tijori.signing.dss;
