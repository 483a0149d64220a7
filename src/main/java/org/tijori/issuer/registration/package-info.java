/**
 * Issuers registering, and administrators deciding on them: approval with credentials shown once,
 * rotation, suspension, signing certificates, legacy RSA-SHA1 signatures, and how each doc type prints.
 * {@link org.tijori.issuer.registration.Issuers} reads an issuer with its credentials opened, for the
 * pieces that check its requests.
 * <p>Internal to the issuer module.
 */
package org.tijori.issuer.registration;
