/**
 * What issuers and residents see of issuers: the issuer portal's overview and sign-in, and the
 * directory of issuers with the documents a resident already holds from each.
 * <p>Internal to the issuer module.
 */
package org.tijori.issuer.portal;
