/**
 * Issuers and the repository of issued documents: registration and approval with credentials shown
 * once ({@link org.tijori.issuer.IssuerRegistrations}), signed Certificate XML taken in and delivered
 * to the resident it names ({@link org.tijori.issuer.IssuedDocumentIntake}), and the portal where an
 * issuer signs in to see its own publications and refused pushes ({@link org.tijori.issuer.IssuerPortal}).
 */
@ApplicationModule(allowedDependencies = { "storage", "signing", "identity", "identity :: events", "account" })
package org.tijori.issuer;

import org.springframework.modulith.ApplicationModule;
