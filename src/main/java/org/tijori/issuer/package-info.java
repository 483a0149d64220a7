/**
 * Issuers and the repository of issued documents: registration and approval with credentials shown
 * once ({@link org.tijori.issuer.IssuerRegistrations}), signed Certificate XML taken in and delivered
 * to the resident it names ({@link org.tijori.issuer.IssuedDocumentIntake}).
 */
@ApplicationModule(allowedDependencies = { "storage", "signing", "identity", "identity :: events", "account" })
package org.tijori.issuer;

import org.springframework.modulith.ApplicationModule;
