/**
 * Pushes from issuers, in every wire format (XML push by national ID, DigiLocker's pushuri form, the
 * files of a bulk ZIP): each is authenticated ({@link org.tijori.issuer.intake.IssuerRequestAuthentication}),
 * read into one {@link org.tijori.issuer.intake.PushCommand}, checked by one
 * {@link org.tijori.issuer.intake.PushValidator} and stored through the ledger. Limits on unproven
 * bodies come before any of it ({@link org.tijori.issuer.intake.IssuerRequestAdmission}).
 * <p>Internal to the issuer module.
 */
package org.tijori.issuer.intake;
